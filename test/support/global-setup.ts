// Replaced by the database template setup (Foundation); kept a no-op until then.
export default async function setup(): Promise<void> {}
