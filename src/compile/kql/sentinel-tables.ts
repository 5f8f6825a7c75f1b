/**
 * The Microsoft Sentinel (Log Analytics) tables premortem's rules export to, as declared schemas: the KQL language
 * service checks every generated query against exactly these columns, so a misspelt or missing column is a
 * diagnostic, never a silent empty result.
 *
 * Where the names come from: SigninLogs and OfficeActivity from the header rows of real exports
 * (data/sentinel-training-lab sign-in_adelete.csv, office_activity.csv; `X_dynamic`/`X_string` pairs are one
 * dynamic column, `X [UTC]` a datetime), and reference/azure_monitor_diag_shape.md (Microsoft's Azure Monitor table
 * reference, 2022/2024) for SigninLogs' newer columns, AADNonInteractiveUserSignInLogs and AuditLogs. Types follow
 * that reference (which columns are dynamic, and that they are strings in the non-interactive table). What neither
 * source shows is marked UNVERIFIED beside it: the schemas of AADServicePrincipalSignInLogs,
 * AADManagedIdentitySignInLogs and AADUserRiskEvents are written from Microsoft's table documentation as
 * remembered, not checked against a workspace.
 */
export type KqlType = 'string' | 'int' | 'long' | 'real' | 'bool' | 'datetime' | 'dynamic';

/** The Sentinel tables premortem exports to. */
export type SentinelTable =
  | 'SigninLogs'
  | 'AADNonInteractiveUserSignInLogs'
  | 'AADServicePrincipalSignInLogs'
  | 'AADManagedIdentitySignInLogs'
  | 'AuditLogs'
  | 'OfficeActivity'
  | 'AADUserRiskEvents'
  | 'MicrosoftGraphActivityLogs'
  | 'AzureActivity';

const strings = (names: string): Record<string, KqlType> =>
  Object.fromEntries(
    names
      .split(/\s+/)
      .filter(Boolean)
      .map((n) => [n, 'string' as const]),
  );

/** Columns every Log Analytics table has. */
const COMMON: Record<string, KqlType> = { ...strings('TenantId SourceSystem Type'), TimeGenerated: 'datetime' };

/** Columns SigninLogs and AADNonInteractiveUserSignInLogs share, with the types they agree on. */
const USER_SIGNIN: Record<string, KqlType> = {
  ...COMMON,
  ...strings(`AADTenantId AlternateSignInName AppDisplayName AppId AuthenticationDetails AuthenticationMethodsUsed
    AuthenticationProcessingDetails AuthenticationProtocol AuthenticationRequirement AuthenticationRequirementPolicies
    Category ClientAppUsed ClientCredentialType ConditionalAccessStatus CorrelationId CrossTenantAccessType HomeTenantId
    Id Identity IncomingTokenType IPAddress Level Location OperationName OperationVersion OriginalRequestId
    OriginalTransferMethod Resource ResourceDisplayName ResourceGroup ResourceId ResourceIdentity ResourceProvider
    ResourceServicePrincipalId ResourceTenantId ResultDescription ResultSignature ResultType RiskDetail RiskEventTypes
    RiskEventTypes_V2 RiskLevelAggregated RiskLevelDuringSignIn RiskState ServicePrincipalId ServicePrincipalName
    SessionId SignInIdentifier SignInIdentifierType TokenIssuerName TokenIssuerType UniqueTokenIdentifier UserAgent
    UserDisplayName UserId UserPrincipalName UserType NetworkLocationDetails`),
  CreatedDateTime: 'datetime',
  DurationMs: 'long',
  IsInteractive: 'bool',
  IsRisky: 'bool',
  // UNVERIFIED: the reference lists the column without its type.
  AutonomousSystemNumber: 'int',
};

/** Columns the service-principal and managed-identity sign-in tables share. UNVERIFIED (see the file comment). */
const APP_SIGNIN: Record<string, KqlType> = {
  ...COMMON,
  ...strings(`AADTenantId AppId Category ConditionalAccessStatus CorrelationId Id IPAddress Location OperationName
    OperationVersion ResourceDisplayName ResourceIdentity ResourceServicePrincipalId ResultDescription ResultSignature
    ResultType ServicePrincipalCredentialKeyId ServicePrincipalCredentialThumbprint ServicePrincipalId
    ServicePrincipalName UniqueTokenIdentifier`),
  LocationDetails: 'dynamic',
  DurationMs: 'long',
};

/** Microsoft Graph activity logs, with the names the importer reads (src/normalize/); types UNVERIFIED. */
const GRAPH_ACTIVITY: Record<string, KqlType> = {
  ...COMMON,
  ...strings(`RequestId OperationId ClientRequestId ApiVersion RequestMethod RequestUri AppId ServicePrincipalId UserId
    AadTenantId IPAddress UserAgent Location SignInActivityId SessionId DeviceId Scopes Roles Wids IdentityProvider`),
  ResponseStatusCode: 'int',
  ResponseSizeBytes: 'long',
  DurationMs: 'long',
  ClientAuthMethod: 'int',
  TokenIssuedAt: 'datetime',
};

/** Every exported-to table's declared columns and their KQL types. */
export const SENTINEL_TABLES: Record<SentinelTable, Record<string, KqlType>> = {
  SigninLogs: {
    ...USER_SIGNIN,
    ConditionalAccessPolicies: 'dynamic',
    DeviceDetail: 'dynamic',
    LocationDetails: 'dynamic',
    MfaDetail: 'dynamic',
    Status: 'dynamic',
    ProcessingTimeInMilliseconds: 'string',
  },
  // The same sign-ins without the user at the keyboard: the reference notes DeviceDetail, LocationDetails and
  // ConditionalAccessPolicies are strings here (parse_json needed). Status and MfaDetail as strings: UNVERIFIED.
  AADNonInteractiveUserSignInLogs: {
    ...USER_SIGNIN,
    ConditionalAccessPolicies: 'string',
    DeviceDetail: 'string',
    LocationDetails: 'string',
    MfaDetail: 'string',
    Status: 'string',
    ProcessingTimeInMs: 'string',
  },
  AADServicePrincipalSignInLogs: { ...APP_SIGNIN, ConditionalAccessPolicies: 'dynamic' },
  AADManagedIdentitySignInLogs: { ...APP_SIGNIN },
  AuditLogs: {
    ...COMMON,
    ...strings(`AADOperationType AADTenantId ActivityDisplayName Category CorrelationId Id Identity Level Location
      LoggedByService OperationName OperationVersion Resource ResourceGroup ResourceId ResourceProvider Result
      ResultDescription ResultReason ResultSignature ResultType`),
    ActivityDateTime: 'datetime',
    AdditionalDetails: 'dynamic',
    DurationMs: 'long',
    InitiatedBy: 'dynamic',
    TargetResources: 'dynamic',
  },
  OfficeActivity: {
    ...COMMON,
    ...strings(`Application UserDomain UserAgent RecordType Operation OrganizationId UserType UserKey OfficeWorkload
      ResultStatus ResultReasonType OfficeObjectId UserId ClientIP Scope Site_ ItemType EventSource Source_Name
      MachineDomainInfo MachineId Site_Url SourceRelativeUrl SourceFileName SourceFileExtension DestinationRelativeUrl
      DestinationFileName DestinationFileExtension UserSharedWith SharingType CustomEvent Event_Data
      ModifiedObjectResolvedName Parameters ExternalAccess OriginatingServer OrganizationName Logon_Type
      InternalLogonType MailboxGuid MailboxOwnerUPN MailboxOwnerSid MailboxOwnerMasterAccountSid LogonUserSid
      LogonUserDisplayName ClientInfoString Client_IPAddress ClientMachineName ClientProcessName ClientVersion Folder
      CrossMailboxOperations DestMailboxId DestMailboxOwnerUPN DestMailboxOwnerSid DestMailboxOwnerMasterAccountSid
      DestFolder Folders AffectedItems Item ModifiedProperties SendAsUserSmtp SendAsUserMailboxGuid
      SendOnBehalfOfUserSmtp SendonBehalfOfUserMailboxGuid ExtendedProperties Client LoginStatus Actor ActorContextId
      ActorIpAddress InterSystemsId IntraSystemId SupportTicketId TargetContextId DataCenterSecurityEventType
      EffectiveOrganization ElevationApprover ElevationRequestId ElevationRole ElevationDuration GenericInfo OfficeId
      SourceRecordId AzureActiveDirectory_EventType AADTarget OfficeTenantId TargetUserOrGroupName
      TargetUserOrGroupType MessageId Members TeamName TeamGuid ChannelType ChannelName ChannelGuid ExtraProperties
      AddOnType AddonName TabType Name OldValue NewValue ItemName ChatThreadId ChatName CommunicationType AADGroupId
      AddOnGuid AppDistributionMode TargetUserId OperationScope AzureADAppId OperationProperties AppId ClientAppId`),
    ElevationTime: 'datetime',
    ElevationApprovedTime: 'datetime',
    Start_Time: 'datetime',
  },
  // Entra ID Protection risk detections. UNVERIFIED (see the file comment).
  AADUserRiskEvents: {
    ...COMMON,
    ...strings(`Activity CorrelationId DetectionTimingType Id IpAddress RequestId RiskDetail RiskEventType RiskLevel
      RiskState Source TokenIssuerType UserDisplayName UserId UserPrincipalName`),
    ActivityDateTime: 'datetime',
    DetectedDateTime: 'datetime',
    LastUpdatedDateTime: 'datetime',
    AdditionalInfo: 'dynamic',
    Location: 'dynamic',
  },
  MicrosoftGraphActivityLogs: GRAPH_ACTIVITY,
  // From the header row of the real export data/sentinel-training-lab/azureActivity_adele.csv (its AuditLogs
  // columns, from a union query, left out); `X`/`X_d` pairs are the string and dynamic forms.
  AzureActivity: {
    ...COMMON,
    ...strings(`CallerIpAddress CategoryValue CorrelationId Authorization Claims Level OperationNameValue Properties
      Caller EventDataId HTTPRequest OperationId ResourceGroup ResourceProviderValue ActivityStatusValue
      ActivitySubstatusValue Hierarchy SubscriptionId OperationName ActivityStatus ActivitySubstatus Category
      ResourceId ResourceProvider Resource _ResourceId`),
    Authorization_d: 'dynamic',
    Claims_d: 'dynamic',
    Properties_d: 'dynamic',
    EventSubmissionTimestamp: 'datetime',
  },
};

/** A table's schema as the language service reads it: `(Name:type, …)`. */
export function schemaText(table: SentinelTable): string {
  return `(${Object.entries(SENTINEL_TABLES[table])
    .map(([name, type]) => `${name}:${type}`)
    .join(', ')})`;
}
