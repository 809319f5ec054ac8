/** Format of the proctor's quit password hash: `scrypt$<N>$<saltB64>$<hashB64>` (verified in the main process). */
export const QUIT_PASSWORD_PATTERN = /^scrypt\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/;
