/**
 * The sign-in status texts Entra writes for the error codes the simulator uses (reference/signin_error_codes.md).
 * failureReason is Microsoft's text as it appears in Graph's status block; detections match the code, people read
 * the text.
 */
import type { GraphSignInStatus } from '../graph-types.js';

const TEXTS: Readonly<Record<number, { failureReason: string; additionalDetails: string | null }>> = {
  50126: {
    failureReason: 'Error validating credentials due to invalid username or password.',
    additionalDetails:
      "The user didn't enter the right credentials.  It's expected to see some number of these errors in your logs due to users making mistakes.",
  },
  50034: {
    failureReason:
      'The user account does not exist in the directory. To sign into this application, the account must be added to the directory.',
    additionalDetails: null,
  },
  50053: {
    failureReason:
      'Account is locked because user tried to sign in too many times with an incorrect user ID or password.',
    additionalDetails: null,
  },
  50074: {
    failureReason: 'Strong Authentication is required.',
    additionalDetails: 'The user was presented with a multi-factor authentication prompt.',
  },
  50140: {
    failureReason: "This error occurred due to 'Keep me signed in' interrupt when the user was signing in.",
    additionalDetails:
      'This is an expected part of the login flow, where a user is asked if they want to remain signed into their current browser to make further logins easier.',
  },
  50058: {
    failureReason: 'Session information is not sufficient for single-sign-on.',
    additionalDetails:
      'This means that a user is not signed in. This is a common error that is expected when a user is unauthenticated and has not yet signed in.',
  },
};

/** Error codes the simulator can emit (0 is success). */
export type SimulatedErrorCode = 0 | 50126 | 50034 | 50053 | 50074 | 50140 | 50058;

/** Graph's status block for a code; a success may carry a note such as "MFA requirement satisfied by claim". */
export function statusFor(code: SimulatedErrorCode, successDetails: string | null = null): GraphSignInStatus {
  if (code === 0) return { errorCode: 0, failureReason: null, additionalDetails: successDetails };
  const text = TEXTS[code];
  if (text === undefined) throw new RangeError(`no status text for error ${code}`);
  return { errorCode: code, failureReason: text.failureReason, additionalDetails: text.additionalDetails };
}
