/**
 * What `concord --help` says of each top-level command: read by the command modules as they register,
 * and by the program to list commands without loading their modules.
 */
export const commandSummaries = {
  up: 'start the hub and every agency of a manifest, each on its own nats-server, until Ctrl-C',
  status: "show whether each agency's services are serving, and how its links to each peer fare",
  login: "sign in at the acting agency's OpenID Connect provider; the session is kept (owner-only) in your config directory and refreshes itself",
  logout: 'forget the session kept for the acting agency',
  token: 'print a current access token of your session at the acting agency (refreshed when due), for grpcurl and scripts',
  whoami: 'who the acting agency\'s services take you for: name, subject, roles',
  user: "the acting agency's people (admins only): who may sign in, with which roles",
  'signing-key': "the acting agency's token-signing key",
  keys: "an agency's identity keys",
  manifest: 'the federation manifest',
  op: 'operations (Joint Periods of Action)',
  milestone: "the operation's meetings: initial planning, progression sessions, the debrief",
  team: "an operation's team in the acting agency: the people who may read its private records (actions' private fields, targets, notices, tasks)",
  action: 'national actions: planned privately, released as a shared projection',
  jip: 'joint investigation plans between participants; sealed to their parties',
  target: 'blind target deconfliction: register identifiers, matched without revealing them',
  notices: 'deconfliction notices: another agency registered the same target, or acts at the same place at the same time',
  timeline: 'the shared timeline as the acting agency holds it, in the federation-wide order; --watch follows it live',
  export: "an operation's shared timeline as iCalendar (for calendar programs) or JSON",
  alert: 'PIU alerts, sealed for exactly the agencies they are released to',
  audit: "an agency's append-only, hash-chained audit log",
  task: "the acting agency's tasks: private, never shared",
  rfa: 'requests for assistance between agencies, sealed for the two',
  debrief: 'the lessons-learned debrief of an operation: every member reads it, participants submit',
  deploy: 'what each site of a real federation installs',
} as const;

export type CommandName = keyof typeof commandSummaries;
