/** The kinds of topic a gateway may publish to, under `{prefix}/gw/{gatewayId}/`. */
export type GatewayTopicKind = 'readings' | 'status' | 'events';

/** Split `{prefix}/gw/{id}/{kind}`; null for anything else (including the server's `cmd`). */
export function parseGatewayTopic(prefix: string, topic: string): { gatewayId: string; kind: GatewayTopicKind } | null {
  if (!topic.startsWith(prefix + '/gw/')) return null;
  const rest = topic.slice(prefix.length + 4).split('/');
  if (rest.length !== 2) return null;
  const [gatewayId, kind] = rest as [string, string];
  if (!gatewayId || (kind !== 'readings' && kind !== 'status' && kind !== 'events')) return null;
  return { gatewayId, kind };
}
