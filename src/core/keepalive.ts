// FRR runs a session's keepalive at no more than a third of its hold time. Validation warns when that
// cap changes what the user wrote (KEEPALIVE_CLAMPED) and render writes the capped value on the
// neighbor's timers line, so both ask this one function and cannot disagree on the value.

/** The keepalive FRR runs with, in whole seconds: at most a third of the hold time (0 with hold 0). */
export const effectiveKeepalive = (keepaliveSeconds: number, holdSeconds: number): number =>
  Math.min(keepaliveSeconds, Math.floor(holdSeconds / 3));
