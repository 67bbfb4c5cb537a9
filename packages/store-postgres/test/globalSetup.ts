// Placeholder until the PostgreSQL store lands: starts nothing.
export default async function setup(): Promise<void> {}
