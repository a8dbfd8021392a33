// Examples for the API documentation, from the Japan–South Korea 2019 seed (`npm run seed`; the
// scenario is apps/cli/src/seed/jp-kr-2019.scenario.ts). Answers are real ones, read with
// `asOf=2019-09-01` (ten days after Seoul's GSOMIA notice), trimmed where lists are long; ids are those of
// one seeded run. test/api/openapi.e2e-spec.ts checks that each request example passes validation and
// each answer example parses with its documented schema.

/** Sources as the seed cites them. */
const BLOOMBERG = { publisher: 'Bloomberg', title: 'South Korea to Withdraw From Japan Intel Pact to U.S. Chagrin', publishedOn: '2019-08-22' };
const STANGARONE = { publisher: 'Troy Stangarone', title: "Korea's Dispute With Japan Spills Into National Security", publishedOn: '2019-08-27' };

// ---- Requests ----

export const OPEN_DISPUTE_EXAMPLE = {
  id: 'jp-kr-2019',
  title: 'Japan–South Korea trade and intelligence-sharing dispute (2019)',
  parties: ['JP', 'KR'],
  description:
    'A feud rooted in wartime history that moved from court rulings on forced labour to Japanese export controls and ' +
    'white-list removals, answered in kind by Seoul, and in August 2019 to South Korea giving notice to end GSOMIA.',
};

export const REGISTER_AGREEMENT_EXAMPLE = {
  id: 'jp-kr-gsomia',
  name: 'General Security of Military Information Agreement (GSOMIA)',
  parties: ['JP', 'KR'],
  disputeId: 'jp-kr-2019',
  signedOn: '2016-11-23',
  expiresOn: '2017-11-23',
  autoRenews: true,
  termMonths: 12,
  noticeDays: 90,
};

const PROTEST = {
  type: 'protest',
  occurredAt: '2019-08-22',
  summary: 'Kono calls in the South Korean ambassador and lodges a formal protest over the pact decision.',
  actor: 'JP',
  target: 'KR',
  form: 'ambassador_summoned',
  sources: [{ ...BLOOMBERG, quote: 'he summoned the South Korean ambassador and lodged a formal protest' }],
};

const NON_RENEWAL = {
  type: 'agreement_non_renewal',
  occurredAt: '2019-08-22',
  summary: 'South Korea gives Japan notice that it will let the military-intelligence pact lapse, citing the white-list downgrade.',
  agreementId: 'jp-kr-gsomia',
  actor: 'KR',
  sources: [
    { ...BLOOMBERG, quote: 'South Korea notified Japan of plans to withdraw from the three-year-old framework for exchanging classified military information' },
    { ...STANGARONE, quote: 'South Korea’s decision not to renew the General Security of Military Information Agreement (GSOMIA)' },
  ],
};

const LIST_REMOVAL = {
  type: 'export_list_removal',
  occurredAt: '2019-08-02',
  summary: 'Japan decides to drop South Korea from its white list of trusted export destinations, widening licence requirements.',
  actor: 'JP',
  target: 'KR',
  list: 'white list',
  effectiveOn: '2019-08-28',
  sources: [
    { ...BLOOMBERG, quote: 'Japan’s recent decision to remove South Korea from a list of trusted export countries' },
    { ...STANGARONE, quote: 'when South Korea formally falls off Japan’s “white list” on August 28' },
  ],
};

const EXPORT_CONTROLS = {
  type: 'export_control_tightened',
  occurredAt: '2019-07-04',
  summary: 'Japan requires case-by-case export licences for three chemicals South Korean chipmakers depend on, citing national security.',
  actor: 'JP',
  target: 'KR',
  items: ['fluorinated polyimide', 'photoresist (resist)', 'hydrogen fluoride (etching gas)'],
  sources: [
    { ...BLOOMBERG, quote: 'Japan has announced tighter checks on exports to South Korea, citing national security concerns' },
    { ...STANGARONE, quote: 'under new national security restrictions since July' },
  ],
};

const STATEMENT = {
  type: 'statement',
  occurredAt: '2019-08-22',
  summary: "The Pentagon voices strong concern and disappointment at Seoul's failure to renew the pact.",
  actor: 'US',
  about: ['KR'],
  stance: 'concern',
  cameoCode: '111',
  sources: [{ ...BLOOMBERG, quote: 'The Department of Defense expresses our strong concern and disappointment that the Moon administration has withheld its renewal' }],
};

const OTHER = {
  type: 'other',
  occurredAt: '2019-08-24',
  summary: 'North Korea fires more short-range missiles in its summer run of weapons tests, underlining what intelligence sharing is for.',
  actor: 'KP',
  cameoCode: '150',
  sources: [{ ...STANGARONE, quote: 'especially in light of North Korea’s recent missile tests' }],
};

const DEADLINE_SET = {
  type: 'deadline_set',
  occurredAt: '2019-08-23',
  summary: 'Analyst watch: GSOMIA lapses at midnight on 23 November unless Seoul reverses course.',
  title: 'GSOMIA lapses unless Seoul reverses course',
  dueAt: '2019-11-22T15:00:00Z',
  subject: { type: 'agreement', id: 'jp-kr-gsomia' },
  alertLeadTimes: ['P14D', 'P2D'],
  sources: [{ ...BLOOMBERG, quote: 'will expire Nov. 23 if not renewed' }],
};

/** One development per kind worth showing, named for the request-body examples. */
export const DEVELOPMENT_EXAMPLES = {
  protest: { summary: 'A protest: Japan summons the South Korean ambassador (22 Aug 2019)', value: PROTEST },
  agreement_non_renewal: { summary: 'Seoul gives notice not to renew GSOMIA (22 Aug 2019)', value: NON_RENEWAL },
  export_list_removal: { summary: "Japan drops South Korea from its export white list, effective 28 Aug (2 Aug 2019)", value: LIST_REMOVAL },
  export_control_tightened: { summary: 'Japan requires licences for three chip chemicals (4 Jul 2019)', value: EXPORT_CONTROLS },
  statement: { summary: 'A third party: the Pentagon voices concern (22 Aug 2019)', value: STATEMENT },
  other: { summary: 'Anything else, with its CAMEO code: a North Korean missile test (24 Aug 2019)', value: OTHER },
  deadline_set: { summary: "An analyst's own deadline with its own alert lead times", value: DEADLINE_SET },
};

export const DEVELOPMENT_BATCH_EXAMPLE = {
  developments: [
    {
      type: 'protest',
      occurredAt: '2019-08-22',
      summary: "Foreign Minister Kono calls Seoul's decision a grave misreading of regional security and deeply regrettable.",
      actor: 'JP',
      target: 'KR',
      form: 'statement',
      sources: [{ ...BLOOMBERG, quote: 'shows complete misunderstanding of the security environment in this region and it is extremely regrettable' }],
    },
    PROTEST,
  ],
};

export const RETRACTION_EXAMPLE = { reason: 'Duplicate: the same summons was recorded twice.' };

export const CREATE_WEBHOOK_EXAMPLE = { url: 'https://alerts.example.org/dispute-tracker' };

// ---- Answers ----

export const DISPUTE_OPENED_EXAMPLE = { id: 'jp-kr-2019', version: 1, globalPosition: 1 };
export const AGREEMENT_REGISTERED_EXAMPLE = { id: 'jp-kr-gsomia', version: 1, globalPosition: 2 };

export const DEVELOPMENT_RECORDED_EXAMPLE = { eventId: 'a2ee6145-cdb4-4df8-b98a-d4a4ac80f219', streamId: 'dispute-jp-kr-2019', version: 23, globalPosition: 24 };

export const DEVELOPMENTS_RECORDED_EXAMPLE = {
  events: [
    { eventId: '7d1cd7b5-cf95-4d89-8666-5b0a3402ce09', streamId: 'dispute-jp-kr-2019', version: 22, globalPosition: 23 },
    { eventId: 'a2ee6145-cdb4-4df8-b98a-d4a4ac80f219', streamId: 'dispute-jp-kr-2019', version: 23, globalPosition: 24 },
  ],
};

export const RETRACTED_EXAMPLE = { eventId: '0c4d52f3-9a7e-4b1d-8f60-2e91b7c5d3a8', streamId: 'dispute-jp-kr-2019', version: 27, globalPosition: 28 };

export const DISPUTES_EXAMPLE = [
  {
    id: 'jp-kr-2019',
    title: 'Japan–South Korea trade and intelligence-sharing dispute (2019)',
    parties: ['JP', 'KR'],
    version: 26,
    escalation: { level: 76, rung: { index: 3, name: 'security-cooperation rupture' } },
  },
];

export const AGREEMENT_EXAMPLE = {
  id: 'jp-kr-gsomia',
  name: 'General Security of Military Information Agreement (GSOMIA)',
  parties: ['JP', 'KR'],
  disputeId: 'jp-kr-2019',
  signedOn: '2016-11-23T00:00:00.000Z',
  autoRenews: true,
  termMonths: 12,
  noticeDays: 90,
  status: 'termination_notified',
  expiresOn: '2019-11-23T00:00:00.000Z',
  notice: { actor: 'KR', givenOn: '2019-08-22T00:00:00.000Z', expiresOn: '2019-11-23T00:00:00.000Z', suspended: false },
  history: [{ eventId: '8d8b5eef-dfbd-4629-848c-6352c8745bb2', occurredAt: '2019-08-22T00:00:00.000Z', status: 'termination_notified' }],
};

export const MEASURES_EXAMPLE = [
  {
    id: '76fd0a31-0990-4d47-be76-d66a10d9ee87',
    disputeId: 'jp-kr-2019',
    kind: 'export_control',
    actor: 'JP',
    target: 'KR',
    items: ['fluorinated polyimide', 'photoresist (resist)', 'hydrogen fluoride (etching gas)'],
    list: null,
    status: 'active',
    since: '2019-07-04T00:00:00.000Z',
    licensesIssued: 2,
  },
  {
    id: 'f1cd8bff-931a-4f27-b0c6-d30712854285',
    disputeId: 'jp-kr-2019',
    kind: 'export_list_removal',
    actor: 'JP',
    target: 'KR',
    items: [],
    list: 'white list',
    status: 'effective',
    since: '2019-08-28T00:00:00.000Z',
    licensesIssued: 0,
  },
  {
    id: '2144b5e9-4378-489f-8293-3d1dc1c61e8b',
    disputeId: 'jp-kr-2019',
    kind: 'export_list_removal',
    actor: 'KR',
    target: 'JP',
    items: [],
    list: 'white list',
    status: 'announced',
    since: '2019-08-12T00:00:00.000Z',
    licensesIssued: 0,
  },
];

export const DISPUTE_EXAMPLE = {
  id: 'jp-kr-2019',
  title: 'Japan–South Korea trade and intelligence-sharing dispute (2019)',
  parties: ['JP', 'KR'],
  description: 'A feud rooted in wartime history that moved from court rulings on forced labour to Japanese export controls and white-list removals, answered in kind by Seoul, and in August 2019 to South Korea giving notice to end GSOMIA.',
  version: 26,
  escalation: {
    level: 79,
    rung: { index: 3, name: 'security-cooperation rupture' },
    trend: 'steady',
    contributors: [
      {
        eventId: '2144b5e9-4378-489f-8293-3d1dc1c61e8b',
        type: 'export_list_removal',
        occurredAt: '2019-08-12T00:00:00.000Z',
        weight: 8,
        contribution: 9.04,
      },
      {
        eventId: 'f1cd8bff-931a-4f27-b0c6-d30712854285',
        type: 'export_list_removal',
        occurredAt: '2019-08-02T00:00:00.000Z',
        weight: 8,
        contribution: 8,
      },
      {
        eventId: '76fd0a31-0990-4d47-be76-d66a10d9ee87',
        type: 'export_control_tightened',
        occurredAt: '2019-07-04T00:00:00.000Z',
        weight: 8,
        contribution: 6.05,
      },
      {
        eventId: '34d87145-4a92-4e56-9553-93bafb77a8f5',
        type: 'other',
        occurredAt: '2019-08-24T00:00:00.000Z',
        weight: 7.2,
        contribution: 5.98,
      },
    ],
  },
  agreements: [AGREEMENT_EXAMPLE],
  measures: MEASURES_EXAMPLE,
  nextDeadlines: [
    {
      id: 'agreement-jp-kr-gsomia-expiry-20191123T000000Z',
      kind: 'agreement_expiry',
      title: 'General Security of Military Information Agreement (GSOMIA) ends on 2019-11-23 (KR gave notice of non-renewal)',
      disputeId: 'jp-kr-2019',
      subject: { type: 'agreement', id: 'jp-kr-gsomia' },
      dueAt: '2019-11-23T00:00:00.000Z',
      status: 'pending',
      alerts: [
        { leadTime: 'P30D', kind: 'approaching', fireAt: '2019-10-24T00:00:00.000Z', status: 'scheduled' },
        { leadTime: 'P7D', kind: 'approaching', fireAt: '2019-11-16T00:00:00.000Z', status: 'scheduled' },
        { leadTime: 'P1D', kind: 'approaching', fireAt: '2019-11-22T00:00:00.000Z', status: 'scheduled' },
        { leadTime: 'PT1H', kind: 'approaching', fireAt: '2019-11-22T23:00:00.000Z', status: 'scheduled' },
        { leadTime: 'PT0S', kind: 'reached', fireAt: '2019-11-23T00:00:00.000Z', status: 'scheduled' },
      ],
    },
  ],
};

export const TIMELINE_EXAMPLE = {
  items: [
    {
      eventId: '8d8b5eef-dfbd-4629-848c-6352c8745bb2',
      type: 'agreement_non_renewal',
      occurredAt: '2019-08-22T00:00:00.000Z',
      recordedAt: '2019-08-22T11:05:42.318Z',
      recordedBy: 'analyst (API_KEYS)',
      summary: 'South Korea gives Japan notice that it will let the military-intelligence pact lapse, citing the white-list downgrade.',
      actor: 'KR',
      target: null,
      sources: [
        {
          quote: 'South Korea notified Japan of plans to withdraw from the three-year-old framework for exchanging classified military information',
          title: 'South Korea to Withdraw From Japan Intel Pact to U.S. Chagrin',
          publisher: 'Bloomberg',
          publishedOn: '2019-08-22T00:00:00.000Z',
        },
        {
          quote: 'South Korea’s decision not to renew the General Security of Military Information Agreement (GSOMIA)',
          title: 'Korea\'s Dispute With Japan Spills Into National Security',
          publisher: 'Troy Stangarone',
          publishedOn: '2019-08-27T00:00:00.000Z',
        },
      ],
      retracted: false,
      cameoCode: '160',
      details: { actor: 'KR', expiresOn: '2019-11-23T00:00:00.000Z', agreementId: 'jp-kr-gsomia' },
    },
    {
      eventId: '7d1cd7b5-cf95-4d89-8666-5b0a3402ce09',
      type: 'protest',
      occurredAt: '2019-08-22T00:00:00.000Z',
      recordedAt: '2019-08-22T13:41:07.052Z',
      recordedBy: 'analyst (API_KEYS)',
      summary: 'Foreign Minister Kono calls Seoul\'s decision a grave misreading of regional security and deeply regrettable.',
      actor: 'JP',
      target: 'KR',
      sources: [
        {
          quote: 'shows complete misunderstanding of the security environment in this region and it is extremely regrettable',
          title: 'South Korea to Withdraw From Japan Intel Pact to U.S. Chagrin',
          publisher: 'Bloomberg',
          publishedOn: '2019-08-22T00:00:00.000Z',
        },
        {
          quote: 'Japanese Foreign Minister Taro Kono suggested that South Korea does not grasp the regional security situation',
          title: 'Korea\'s Dispute With Japan Spills Into National Security',
          publisher: 'Troy Stangarone',
          publishedOn: '2019-08-27T00:00:00.000Z',
        },
      ],
      retracted: false,
      cameoCode: '111',
      details: { form: 'statement', actor: 'JP', target: 'KR' },
    },
    {
      eventId: 'a2ee6145-cdb4-4df8-b98a-d4a4ac80f219',
      type: 'protest',
      occurredAt: '2019-08-22T00:00:00.000Z',
      recordedAt: '2019-08-22T15:12:55.870Z',
      recordedBy: 'analyst (API_KEYS)',
      summary: 'Kono calls in the South Korean ambassador and lodges a formal protest over the pact decision.',
      actor: 'JP',
      target: 'KR',
      sources: [
        {
          quote: 'he summoned the South Korean ambassador and lodged a formal protest',
          title: 'South Korea to Withdraw From Japan Intel Pact to U.S. Chagrin',
          publisher: 'Bloomberg',
          publishedOn: '2019-08-22T00:00:00.000Z',
        },
      ],
      retracted: false,
      cameoCode: '114',
      details: { form: 'ambassador_summoned', actor: 'JP', target: 'KR' },
    },
  ],
  nextCursor: 'WyIyMDE5LTA4LTIyVDAwOjAwOjAwLjAwMFoiLCIyMDE5LTA4LTIyVDE1OjEyOjU1Ljg3MFoiLCJhMmVlNjE0NS1jZGI0LTRkZjgtYjk4YS1kNGE0YWM4MGYyMTkiXQ',
};

export const ESCALATION_EXAMPLE = {
  level: 79,
  rung: { index: 3, name: 'security-cooperation rupture' },
  trend: 'steady',
  contributors: [
    {
      eventId: '2144b5e9-4378-489f-8293-3d1dc1c61e8b',
      type: 'export_list_removal',
      occurredAt: '2019-08-12T00:00:00.000Z',
      weight: 8,
      contribution: 9.16,
    },
    {
      eventId: 'f1cd8bff-931a-4f27-b0c6-d30712854285',
      type: 'export_list_removal',
      occurredAt: '2019-08-02T00:00:00.000Z',
      weight: 8,
      contribution: 8.09,
    },
    {
      eventId: '34d87145-4a92-4e56-9553-93bafb77a8f5',
      type: 'other',
      occurredAt: '2019-08-24T00:00:00.000Z',
      weight: 7.2,
      contribution: 6.12,
    },
    {
      eventId: '76fd0a31-0990-4d47-be76-d66a10d9ee87',
      type: 'export_control_tightened',
      occurredAt: '2019-07-04T00:00:00.000Z',
      weight: 8,
      contribution: 6.09,
    },
    {
      eventId: 'bf4fab9a-87c6-4efc-a481-fd1c7c7be710',
      type: 'other',
      occurredAt: '2019-08-24T00:00:00.000Z',
      weight: -7,
      contribution: -5.95,
    },
  ],
};

export const ESCALATION_HISTORY_EXAMPLE = [
  { date: '2019-06-30', level: 0, rung: { index: 0, name: 'friction' } },
  { date: '2019-07-01', level: 27, rung: { index: 1, name: 'diplomatic protest' } },
  { date: '2019-07-02', level: 27, rung: { index: 1, name: 'diplomatic protest' } },
  { date: '2019-07-03', level: 27, rung: { index: 1, name: 'diplomatic protest' } },
  { date: '2019-07-04', level: 64, rung: { index: 2, name: 'economic coercion' } },
];

export const DEADLINES_EXAMPLE = [
  {
    id: 'measure-f1cd8bff-931a-4f27-b0c6-d30712854285-effective',
    kind: 'measure_effective',
    title: 'JP\'s removal of KR from white list takes effect',
    disputeId: 'jp-kr-2019',
    subject: { type: 'measure', id: 'f1cd8bff-931a-4f27-b0c6-d30712854285' },
    dueAt: '2019-08-28T00:00:00.000Z',
    status: 'reached',
    alerts: [
      { leadTime: 'P30D', kind: 'approaching', fireAt: '2019-07-29T00:00:00.000Z', status: 'skipped' },
      { leadTime: 'P7D', kind: 'approaching', fireAt: '2019-08-21T00:00:00.000Z', status: 'sent' },
      { leadTime: 'P1D', kind: 'approaching', fireAt: '2019-08-27T00:00:00.000Z', status: 'sent' },
      { leadTime: 'PT1H', kind: 'approaching', fireAt: '2019-08-27T23:00:00.000Z', status: 'sent' },
      { leadTime: 'PT0S', kind: 'reached', fireAt: '2019-08-28T00:00:00.000Z', status: 'sent' },
    ],
  },
  {
    id: 'measure-2144b5e9-4378-489f-8293-3d1dc1c61e8b-effective',
    kind: 'measure_effective',
    title: 'KR\'s removal of JP from white list takes effect',
    disputeId: 'jp-kr-2019',
    subject: { type: 'measure', id: '2144b5e9-4378-489f-8293-3d1dc1c61e8b' },
    dueAt: '2019-09-18T00:00:00.000Z',
    status: 'pending',
    alerts: [
      { leadTime: 'P30D', kind: 'approaching', fireAt: '2019-08-19T00:00:00.000Z', status: 'sent' },
      { leadTime: 'P7D', kind: 'approaching', fireAt: '2019-09-11T00:00:00.000Z', status: 'scheduled' },
      { leadTime: 'P1D', kind: 'approaching', fireAt: '2019-09-17T00:00:00.000Z', status: 'scheduled' },
      { leadTime: 'PT1H', kind: 'approaching', fireAt: '2019-09-17T23:00:00.000Z', status: 'scheduled' },
      { leadTime: 'PT0S', kind: 'reached', fireAt: '2019-09-18T00:00:00.000Z', status: 'scheduled' },
    ],
  },
  {
    id: 'agreement-jp-kr-gsomia-expiry-20191123T000000Z',
    kind: 'agreement_expiry',
    title: 'General Security of Military Information Agreement (GSOMIA) ends on 2019-11-23 (KR gave notice of non-renewal)',
    disputeId: 'jp-kr-2019',
    subject: { type: 'agreement', id: 'jp-kr-gsomia' },
    dueAt: '2019-11-23T00:00:00.000Z',
    status: 'pending',
    alerts: [
      { leadTime: 'P30D', kind: 'approaching', fireAt: '2019-10-24T00:00:00.000Z', status: 'scheduled' },
      { leadTime: 'P7D', kind: 'approaching', fireAt: '2019-11-16T00:00:00.000Z', status: 'scheduled' },
      { leadTime: 'P1D', kind: 'approaching', fireAt: '2019-11-22T00:00:00.000Z', status: 'scheduled' },
      { leadTime: 'PT1H', kind: 'approaching', fireAt: '2019-11-22T23:00:00.000Z', status: 'scheduled' },
      { leadTime: 'PT0S', kind: 'reached', fireAt: '2019-11-23T00:00:00.000Z', status: 'scheduled' },
    ],
  },
];

export const ALERTS_EXAMPLE = [
  {
    id: '9b2f4c1d-6e8a-4f3b-a5d7-0c1e2f3a4b5c',
    deadlineId: 'measure-2144b5e9-4378-489f-8293-3d1dc1c61e8b-effective',
    kind: 'approaching',
    leadTime: 'P30D',
    firedAt: '2019-08-19T00:00:00.412Z',
    late: false,
    webhookId: '3f1c2a9e-8d4b-4c7a-9e21-5b6f0d8a7c31',
    attempts: 1,
    status: 'sent',
    lastStatus: 204,
    lastError: null,
  },
];

export const WEBHOOK_CREATED_EXAMPLE = {
  id: '3f1c2a9e-8d4b-4c7a-9e21-5b6f0d8a7c31',
  url: 'https://alerts.example.org/dispute-tracker',
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  createdAt: '2019-08-01T08:00:00.000Z',
};

export const WEBHOOKS_EXAMPLE = [
  { id: '3f1c2a9e-8d4b-4c7a-9e21-5b6f0d8a7c31', url: 'https://alerts.example.org/dispute-tracker', createdAt: '2019-08-01T08:00:00.000Z', disabledAt: null, disabledReason: null },
];

export const PROJECTIONS_EXAMPLE = [
  {
    name: 'deadlines',
    generation: 1,
    version: 1,
    status: 'active',
    createdAt: '2026-11-25T20:23:19.244Z',
    activatedAt: '2026-11-25T20:23:19.244Z',
    checkpoint: { transactionId: '3730635', globalPosition: 28 },
    lag: { events: 0, ms: 0 },
  },
  {
    name: 'timeline',
    generation: 1,
    version: 1,
    status: 'active',
    createdAt: '2026-11-25T20:23:19.198Z',
    activatedAt: '2026-11-25T20:23:19.198Z',
    checkpoint: { transactionId: '3730635', globalPosition: 28 },
    lag: { events: 0, ms: 0 },
  },
];

export const REBUILD_EXAMPLE = { name: 'timeline', generation: 2, status: 'building' };

export const CHANGE_EXAMPLE = 'event: change\ndata: {"projection":"agreements","id":"jp-kr-gsomia","globalPosition":29}\n\n';
