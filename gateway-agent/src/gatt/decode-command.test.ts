import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { runDecodeCommand } from './decode-command.ts';

const BP_EXAMPLE = '1E 79 00 50 00 5A 00 E3 07 0B 0F 0A 1E 00 48 00 01 00 00';

function json(stdout: string): unknown {
  return JSON.parse(stdout);
}

describe('decode command', () => {
  it('prints one JSON object with characteristic, fields and readings, exit 0', () => {
    const result = runDecodeCommand(['--uuid', '2A35', '--hex', BP_EXAMPLE]);
    expect(result.exitCode).toBe(0);
    expect(json(result.stdout)).toMatchObject({
      characteristic: 'blood_pressure_measurement',
      fields: { unit: 'mmHg', systolic: { kind: 'number', value: 121 }, userId: 1 },
      readings: [{ metric: 'systolic', value: 121, unit: 'mm[Hg]', deviceTime: '2019-11-15T10:30:00' }, {}, {}, { metric: 'heart_rate', value: 72 }],
    });
  });

  it.each([
    ['2A35', BP_EXAMPLE],
    ['0x2A35', BP_EXAMPLE.replaceAll(' ', '')],
    ['2a35', BP_EXAMPLE.replaceAll(' ', ':')],
    ['00002a35-0000-1000-8000-00805f9b34fb', BP_EXAMPLE.toLowerCase()],
  ])('accepts uuid %s and hex with or without separators', (uuid, hex) => {
    expect(runDecodeCommand([`--uuid=${uuid}`, '--hex', hex]).exitCode).toBe(0);
  });

  it('reports an invalid frame as { error: { code, message, offset } }, exit 1', () => {
    const result = runDecodeCommand(['--uuid', '2A35', '--hex', '1E 79 00 50']);
    expect(result.exitCode).toBe(1);
    expect(json(result.stdout)).toEqual({ error: { code: 'TRUNCATED', message: expect.stringContaining('diastolic'), offset: 3 } });
  });

  it.each([
    [['--uuid', '2A00', '--hex', '00'], 'UNKNOWN_CHARACTERISTIC'],
    [['--uuid', '2A35', '--hex', 'zz'], 'INVALID_HEX'],
    [['--uuid', '2A35', '--hex', '1E7'], 'INVALID_HEX'],
    [['--uuid', '2A35'], 'USAGE'],
    [['--uuid', '2A35', '--hex', '00', '--bogus'], 'USAGE'],
    [['--uuid', '2AA7', '--hex', '060000100500', '--context', '{"cgmE2eCrc":"yes"}'], 'INVALID_CONTEXT'],
  ])('fails %j with %s and offset null, exit 1', (args, code) => {
    const result = runDecodeCommand(args);
    expect(result.exitCode).toBe(1);
    expect(json(result.stdout)).toEqual({ error: { code, message: expect.any(String), offset: null } });
  });

  it('passes --context to the decoder (CGM session start time)', () => {
    const result = runDecodeCommand(['--uuid', '2AA7', '--hex', '06 00 0C 10 05 00', '--context', '{"cgmSessionStartTime":"2024-05-20T08:00:00"}']);
    expect(json(result.stdout)).toMatchObject({ readings: [{ metric: 'glucose', value: 120, deviceTime: '2024-05-20T08:05:00' }] });
  });
});

describe('cli.ts decode, as a child process', () => {
  const cli = fileURLToPath(new URL('../cli.ts', import.meta.url));
  const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
  const run = async (...args: string[]) => {
    try {
      const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', cli, ...args], { cwd: repoRoot });
      return { stdout, code: 0 };
    } catch (e) {
      const failed = e as { stdout: string; code: number };
      return { stdout: failed.stdout, code: failed.code };
    }
  };

  it('decodes a good frame: one JSON line, exit 0', async () => {
    const { stdout, code } = await run('decode', '--uuid', '2A35', '--hex', BP_EXAMPLE);
    expect(code).toBe(0);
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(json(stdout)).toMatchObject({ characteristic: 'blood_pressure_measurement', readings: [{ metric: 'systolic', value: 121 }, {}, {}, {}] });
  });

  it('reports a bad frame: error JSON, exit 1', async () => {
    const { stdout, code } = await run('decode', '--uuid', '0x2A35', '--hex', '20:79:00:50:00:5A:00');
    expect(code).toBe(1);
    expect(json(stdout)).toEqual({ error: { code: 'RESERVED_FLAGS', message: expect.any(String), offset: 0 } });
  });
});
