/** How a resident reached the handler who took their request in (docs/staff-intake.md). */
export const INTAKE_CHANNELS = ['phone', 'email', 'letter', 'service_desk', 'other'] as const;
export type IntakeChannel = (typeof INTAKE_CHANNELS)[number];

/** A request a handler took in for a resident: the channel, and the handler (the `created` event's actor). */
export type Intake = { channel: IntakeChannel; handlerId: number };
