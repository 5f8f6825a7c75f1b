/**
 * Log fields are attacker-controlled (user agents, display names): before they reach a terminal, control
 * characters and escape sequences are made visible instead of interpreted, so a crafted user agent cannot move
 * the cursor, rewrite earlier lines or set the window title.
 */
export function terminalSafe(text: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => {
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}
