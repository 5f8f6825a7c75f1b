import type { ConfigRowMapper } from './row.js';

/**
 * Get-MFA's `<date>-MFA-UserRegistrationDetails.csv`: Get-MgReportAuthenticationMethodUserRegistrationDetail
 * objects, PascalCase, lists flattened by Out-String. Becomes Graph's v1.0 userRegistrationDetails (camelCase,
 * booleans, lists), the resource posture check PM-008 reads.
 */
export const mfaRegistration: ConfigRowMapper = (row, dates) => {
  const id = row.text('Id');
  if (id === null) return { reject: 'no Id: the user registration details row names no user' };
  const userType = row.text('UserType');
  return {
    resource: 'userRegistrationDetails',
    id,
    object: {
      id,
      userPrincipalName: row.text('UserPrincipalName'),
      userDisplayName: row.text('UserDisplayName'),
      // The SDK writes the enum as Graph does ("member", "guest"); older modules capitalised it.
      userType: userType === null ? null : userType.charAt(0).toLowerCase() + userType.slice(1),
      isAdmin: row.bool('IsAdmin'),
      isMfaCapable: row.bool('IsMfaCapable'),
      isMfaRegistered: row.bool('IsMfaRegistered'),
      isPasswordlessCapable: row.bool('IsPasswordlessCapable'),
      isSsprCapable: row.bool('IsSsprCapable'),
      isSsprEnabled: row.bool('IsSsprEnabled'),
      isSsprRegistered: row.bool('IsSsprRegistered'),
      isSystemPreferredAuthenticationMethodEnabled: row.bool('IsSystemPreferredAuthenticationMethodEnabled'),
      methodsRegistered: row.list('MethodsRegistered'),
      systemPreferredAuthenticationMethods: row.list('SystemPreferredAuthenticationMethods'),
      userPreferredMethodForSecondaryAuthentication: row.text('UserPreferredMethodForSecondaryAuthentication'),
      lastUpdatedDateTime: dates.time(row, 'LastUpdatedDateTime'),
    },
  };
};

/** Get-MFA's method columns and the Graph method each stands for (the "@odata.type" the cmdlet switched on). */
const METHOD_COLUMNS: readonly [string, string][] = [
  ['email', 'email'],
  ['fido2', 'fido2'],
  ['app', 'microsoftAuthenticator'],
  ['password', 'password'],
  ['phone', 'phone'],
  ['softwareoath', 'softwareOath'],
  ['hellobusiness', 'windowsHelloForBusiness'],
  ['temporaryAccessPass', 'temporaryAccessPass'],
  ['certificateBasedAuthConfiguration', 'certificateBasedAuth'],
];

/**
 * Get-MFA's `<date>-MFA-AuthenticationMethods.csv`: one row per user, "True" under each method type registered.
 * Graph has no resource of this shape (it is /users/{id}/authentication/methods summarised), so it is stored
 * under its own name, `userAuthenticationMethodSummaries`, where no check mistakes it for registration details.
 */
export const mfaMethods: ConfigRowMapper = (row) => {
  const user = row.text('user');
  // The cmdlet leaves "-" when it could not read the user's methods: a gap in the evidence, kept as a reject.
  if (user === null) return { reject: 'user is "-": the collector could not read this user\'s methods' };
  return {
    resource: 'userAuthenticationMethodSummaries',
    id: user,
    object: {
      id: user,
      userPrincipalName: user,
      mfaStatus: row.text('MFAstatus'),
      methodsRegistered: METHOD_COLUMNS.filter(([col]) => row.bool(col) === true).map(([, method]) => method),
    },
  };
};
