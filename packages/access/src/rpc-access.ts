/**
 * The one table of who may call what: every RPC of every Concord service, the roles that may call it,
 * and whether a call is recorded in the agency's audit log with the person who made it. The guard
 * enforces this table and nothing else; an RPC missing from it is refused. The README's table is
 * checked against it by a test.
 */
import type { Role } from './roles.js';

/** `act`: changes something (audited); `private`: reads private content (audited); `read`: not audited. */
export type AuditKind = 'act' | 'private' | 'read';

export interface RpcRule {
  readonly roles: readonly Role[];
  readonly audit: AuditKind;
}

/** Every role: reading what every member of the agency may read. */
const anyone: readonly Role[] = ['admin', 'planner', 'analyst', 'supervisor', 'debrief', 'viewer'];
const planner: readonly Role[] = ['planner'];
const analyst: readonly Role[] = ['analyst'];
const supervisor: readonly Role[] = ['supervisor'];
const debrief: readonly Role[] = ['debrief'];
const admin: readonly Role[] = ['admin'];

const act = (who: readonly Role[]): RpcRule => ({ roles: who, audit: 'act' });
const privateRead = (who: readonly Role[]): RpcRule => ({ roles: who, audit: 'private' });
const read = (who: readonly Role[]): RpcRule => ({ roles: who, audit: 'read' });

/** Per service (fully qualified), per method: the rule. Supervisors hold planner and analyst too. */
export const rpcAccess: Readonly<Record<string, Readonly<Record<string, RpcRule>>>> = {
  'concord.v1.PlanningService': {
    CreateOperation: act(planner),
    ProposeOperation: act(planner),
    ChangeOperation: act(planner),
    RespondToOperation: act(planner),
    GetOperation: read(anyone),
    ListOperations: read(anyone),
    CancelOperation: act(planner),
    ConcludeOperation: act(planner),
    ScheduleMilestone: act(planner),
    CancelMilestone: act(planner),
    ListMilestones: read(anyone),
    PlanAction: act(planner),
    UpdateAction: act(planner),
    ReleaseAction: act(planner),
    ListActions: privateRead(anyone),
    ProposeJointPlan: act(planner),
    AcceptJointPlan: act(planner),
    ListJointPlans: privateRead(planner),
    RegisterTarget: act(planner),
    ListTargets: privateRead(planner),
    ListNotices: privateRead(planner),
    ListTimeline: read(anyone),
    WatchTimeline: read(anyone),
    ExportTimeline: read(anyone),
    AddTeamMember: act(planner),
    RemoveTeamMember: act(planner),
    ListTeam: read(planner),
  },
  'concord.v1.IntelService': {
    PublishAlert: act(analyst),
    UpdateAlert: act(analyst),
    RevokeAlert: act(analyst),
    GetAlert: privateRead(analyst),
    ListAlerts: privateRead(analyst),
    AcknowledgeAlert: act(analyst),
    AddFeedback: act(analyst),
    RequestForward: act(analyst),
    DecideForward: act(supervisor),
    ExportAlert: privateRead(analyst),
    WatchAlerts: privateRead(analyst),
  },
  'concord.v1.TaskingService': {
    CreateTask: act(planner),
    ChangeTask: act(planner),
    GetTask: privateRead(planner),
    ListTasks: privateRead(planner),
    RequestAssistance: act(planner),
    AnswerRequest: act(planner),
    ReportOnRequest: act(planner),
    CancelRequest: act(planner),
    ReleaseRequest: act(planner),
    GetRequest: privateRead(planner),
    ListRequests: privateRead(planner),
    ListTaskNotices: privateRead(planner),
    WatchTasks: privateRead(planner),
  },
  'concord.v1.DebriefService': {
    OpenDebrief: act(debrief),
    SubmitOutcomes: act(debrief),
    SubmitLesson: act(debrief),
    UpdateRemedialAction: act(debrief),
    PublishReport: act(debrief),
    GetDebrief: read(anyone),
    ListDebriefs: read(anyone),
    RenderReport: read(anyone),
  },
  'concord.v1.AccessService': {
    WhoAmI: { roles: [], audit: 'read' },
    AddUser: act(admin),
    ListUsers: read(admin),
    SetUserRoles: act(admin),
    DisableUser: act(admin),
    EnableUser: act(admin),
    RotateSigningKey: act(admin),
  },
};

/** The rule for `/package.Service/Method`, or undefined when the table has none. */
export function ruleFor(path: string): RpcRule | undefined {
  const match = /^\/([^/]+)\/([^/]+)$/.exec(path);
  if (!match) return undefined;
  return rpcAccess[match[1]!]?.[match[2]!];
}
