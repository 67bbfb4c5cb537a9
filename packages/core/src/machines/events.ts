/**
 * An event as the machines receive it: the catalogue type, its data, and its time in epoch
 * milliseconds. The engine fills one from each RecordedEvent.
 */
export interface MachineEvent {
  type: string;
  time: number;
  // biome-ignore lint/suspicious/noExplicitAny: data is validated against the catalogue before it reaches a machine
  data: Record<string, any>;
}
