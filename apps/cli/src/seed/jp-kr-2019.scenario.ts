import type { SeedScenario, SeedStep } from './seed-scenario.js';

export type { SeedStep } from './seed-scenario.js';

/**
 * The Japan–South Korea 2019 scenario, as request bodies (what a client would POST), drawn from the
 * two seed articles in ../shared/seeds and the reference timeline (../shared/reference/seed-timeline.json,
 * facts T01–T36). Every development cites its article(s) with a short verbatim quote; the spec beside
 * this file checks each quote against the article text.
 *
 * Conventions:
 * - `occurredAt` is the timeline's `occurred_on`; where that is an interval or imprecise, the day chosen
 *   (preferring the timeline's `external_date`) is explained in a comment on the step.
 * - `cameoCode` is given only where the timeline's `coding.code` differs from the type's default
 *   (libs/domain/src/cameo/cameo.ts); `other` always names it.
 * - Steps are in `occurredAt` order, so `recordedAt` follows `occurredAt` when seeded.
 */

/** Seed 000_cf527f90e0085ed3.txt: the text names Bloomberg ("(Bloomberg) --", "©2019 Bloomberg L.P."). */
const BLOOMBERG = {
  publisher: 'Bloomberg',
  title: 'South Korea to Withdraw From Japan Intel Pact to U.S. Chagrin',
  publishedOn: '2019-08-22',
} as const;

/**
 * Seed 004_23eff234c481b831.txt: "By Troy Stangarone, August 27, 2019". The text names no publisher,
 * so the author stands in as `publisher` (only what the text supports).
 */
const STANGARONE = {
  publisher: 'Troy Stangarone',
  title: "Korea's Dispute With Japan Spills Into National Security",
  publishedOn: '2019-08-27',
} as const;

type Article = typeof BLOOMBERG | typeof STANGARONE;

const cite = (article: Article, quote: string) => ({ ...article, quote });

/** The three items of Japan's July 2019 controls; licences name the same strings so they count on that measure. */
const FLUORINATED_POLYIMIDE = 'fluorinated polyimide';
const PHOTORESIST = 'photoresist (resist)';
const HYDROGEN_FLUORIDE = 'hydrogen fluoride (etching gas)';

const GSOMIA = 'jp-kr-gsomia';

const steps: SeedStep[] = [
  // --- Background, years before the dispute's 2019 phase (they decay by mid-2019) ---
  {
    key: 'T18',
    facts: ['T18'],
    development: {
      type: 'other',
      // The articles give only the year. 2012-06-29 is the day Seoul called off the signing in Tokyo
      // shortly before the ceremony (general knowledge, not from the seeds or the timeline).
      occurredAt: '2012-06-29',
      summary: 'Seoul pulls out of a first attempt to sign the military-intelligence pact with Tokyo at the last moment.',
      actor: 'KR',
      target: 'JP',
      cameoCode: '1212',
      sources: [cite(BLOOMBERG, 'Seoul canceled a previous attempt at the last minute in 2012')],
    },
  },
  {
    key: 'T11',
    facts: ['T11'],
    development: {
      type: 'other',
      // The seed gives no date (before July 2019); the timeline's external_date is the 30 Oct 2018
      // Supreme Court ruling (Nippon Steel & Sumitomo Metal case).
      occurredAt: '2018-10-30',
      summary: "South Korea's Supreme Court orders a Japanese company to compensate Korean wartime forced labourers and their families.",
      actor: 'KR',
      target: 'JP',
      cameoCode: '116',
      sources: [
        cite(
          BLOOMBERG,
          'the South Korean Supreme Court ruled a Japanese company was liable to pay compensation to Korean former conscripted workers and their families',
        ),
      ],
    },
  },
  {
    key: 'T21',
    facts: ['T21'],
    development: {
      type: 'other',
      // "last year" in the 2019 article; the timeline's external_date is 2018-12-20 (the radar incident).
      occurredAt: '2018-12-20',
      summary: 'Japan charges that a South Korean warship locked its fire-control radar on a Japanese patrol plane.',
      actor: 'JP',
      target: 'KR',
      cameoCode: '1123',
      sources: [cite(BLOOMBERG, 'Japan accused a South Korean naval vessel of using a target-lock radar on one of its patrol aircraft')],
    },
  },
  {
    key: 'T22',
    facts: ['T22'],
    development: {
      type: 'other',
      // The timeline gives only the year and no external date. Seoul's denial followed the accusation
      // within days; dated the day after T21 so it sorts after the accusation it answers.
      occurredAt: '2018-12-21',
      summary: "Seoul rejects Tokyo's radar-lock charge.",
      actor: 'KR',
      target: 'JP',
      cameoCode: '016',
      sources: [cite(BLOOMBERG, 'South Korea denied the accusation.')],
    },
  },

  // --- July 2019: Japan's export controls ---
  {
    key: 'T35',
    facts: ['T35'],
    development: {
      type: 'other',
      // Timeline interval 2019-07-01/2019-08-22. Dated to its lower bound, 1 July 2019, when Japan
      // announced the export-control revision saying the relationship of trust with South Korea had been
      // significantly undermined (general knowledge, not from the seeds).
      occurredAt: '2019-07-01',
      summary: 'Japan casts South Korea as a partner it can no longer trust, linking trade and security in Seoul\'s eyes.',
      actor: 'JP',
      target: 'KR',
      cameoCode: '112',
      sources: [cite(STANGARONE, 'Japan’s suggestion that South Korea was not a trustworthy partner')],
    },
  },
  {
    key: 'T14',
    facts: ['T14'],
    development: {
      type: 'export_control_tightened',
      // Seed 004: "since July" (2019). Timeline external_date: announced 2019-07-01, effective 2019-07-04;
      // recorded on the effective day, when the measure became active. Items from the external_date.
      occurredAt: '2019-07-04',
      summary: 'Japan requires case-by-case export licences for three chemicals South Korean chipmakers depend on, citing national security.',
      actor: 'JP',
      target: 'KR',
      items: [FLUORINATED_POLYIMIDE, PHOTORESIST, HYDROGEN_FLUORIDE],
      sources: [
        cite(BLOOMBERG, 'Japan has announced tighter checks on exports to South Korea, citing national security concerns'),
        cite(STANGARONE, 'under new national security restrictions since July'),
      ],
    },
  },
  {
    key: 'T32',
    facts: ['T32'],
    development: {
      type: 'other',
      // Seed: "recent" (before 2019-08-27); the timeline's external_date is 2019-07-23. A joint
      // Chinese-Russian flight: `other` takes one actor, so the actor is left out rather than recording
      // the one act twice (which would double its weight); the summary names both.
      occurredAt: '2019-07-23',
      summary: 'Chinese and Russian military aircraft intrude into South Korean airspace, a security backdrop to the pact dispute.',
      target: 'KR',
      cameoCode: '150',
      sources: [cite(STANGARONE, 'the recent incursion by China and Russia into South Korean airspace')],
    },
  },
  {
    key: 'T16',
    facts: ['T16'],
    development: {
      type: 'other',
      // Timeline interval 2019-07-01/2019-08-22; its external_date note (Taiwan News, 2 Aug 2019) says
      // Seoul hinted on 1 Aug that it would reconsider GSOMIA if dropped from the white list.
      occurredAt: '2019-08-01',
      summary: 'Seoul presents a rethink of the intelligence pact as its answer to Japan\'s export curbs.',
      actor: 'KR',
      target: 'JP',
      cameoCode: '1313',
      sources: [cite(BLOOMBERG, 'South Korea had framed its rethinking of the pact as retaliation for Japan’s tighter export controls.')],
    },
  },

  // --- August 2019: white lists, licences, first signs of talks ---
  {
    key: 'T02',
    facts: ['T02'],
    development: {
      type: 'export_list_removal',
      // Seed 000: "recent decision" (as of 22 Aug); seed 004: off the list on 28 Aug. Timeline
      // external_date: cabinet decision 2019-08-02, promulgated 08-07, effective 08-28. The effective
      // day is T33 (skipped as its duplicate).
      occurredAt: '2019-08-02',
      summary: 'Japan decides to drop South Korea from its white list of trusted export destinations, widening licence requirements.',
      actor: 'JP',
      target: 'KR',
      list: 'white list',
      effectiveOn: '2019-08-28',
      sources: [
        cite(BLOOMBERG, 'Japan’s recent decision to remove South Korea from a list of trusted export countries'),
        cite(STANGARONE, 'when South Korea formally falls off Japan’s “white list” on August 28'),
      ],
    },
  },
  {
    key: 'T24-a',
    facts: ['T24'],
    development: {
      type: 'export_license_issued',
      // Seed 004: licences issued before 22 Aug. Timeline external_date: the first approval on 2019-08-07;
      // its note says both pre-22 Aug approvals were (EUV) photoresist, so the article's "two chemicals" is
      // read as two licences for photoresist (the second is T24-b).
      occurredAt: '2019-08-07',
      summary: 'Japan approves a first shipment of photoresist to South Korea under its new licensing regime.',
      actor: 'JP',
      target: 'KR',
      items: [PHOTORESIST],
      count: 1,
      sources: [
        cite(
          STANGARONE,
          'the Japanese government had taken the initial tentative step of issuing licenses for two chemicals critical for South Korea’s electronics industry',
        ),
      ],
    },
  },
  {
    key: 'T15',
    facts: ['T15'],
    development: {
      type: 'export_list_removal',
      // Seed 000 only says Seoul "has moved in return" (timeline interval 2019-07-01/2019-08-22) and gives
      // no effective date. Timeline external_date (Dong-A Ilbo, 13 Aug 2019, and others): announced
      // 2019-08-12, effective 2019-09-18. Both used.
      occurredAt: '2019-08-12',
      summary: 'South Korea answers in kind, moving to take Japan off its own list of trusted export destinations.',
      actor: 'KR',
      target: 'JP',
      list: 'white list',
      effectiveOn: '2019-09-18',
      sources: [cite(BLOOMBERG, 'Seoul has moved in return to strip Japan from a list of trusted export destinations')],
    },
  },
  {
    key: 'T25',
    facts: ['T25'],
    development: {
      type: 'other',
      // Liberation Day: 15 August (2019).
      occurredAt: '2019-08-15',
      summary: 'Moon keeps his Liberation Day speech measured and signals openness to dialogue with Tokyo.',
      actor: 'KR',
      target: 'JP',
      cameoCode: '036',
      sources: [cite(STANGARONE, 'left the door open for talks in his Liberation Day Address')],
    },
  },
  {
    key: 'T24-b',
    facts: ['T24'],
    development: {
      type: 'export_license_issued',
      // Timeline external_date: the second pre-22 Aug approval, reported 2019-08-19 (photoresist again).
      occurredAt: '2019-08-19',
      summary: 'Japan grants a second photoresist export licence for South Korea.',
      actor: 'JP',
      target: 'KR',
      items: [PHOTORESIST],
      count: 1,
      sources: [
        cite(
          STANGARONE,
          'the Japanese government had taken the initial tentative step of issuing licenses for two chemicals critical for South Korea’s electronics industry',
        ),
      ],
    },
  },
  {
    key: 'T26',
    facts: ['T26'],
    development: {
      type: 'other',
      // Seed: before 22 Aug; timeline external_date: 2019-08-21 (trilateral foreign ministers' meeting near
      // Beijing). A joint act of both parties: `other` takes one actor, so neither actor nor target is set.
      occurredAt: '2019-08-21',
      summary: 'The Japanese and South Korean foreign ministers agree that the historical issue behind the feud needs talks.',
      cameoCode: '036',
      sources: [
        cite(STANGARONE, 'the two countries’ foreign ministers had agreed on the need for talks to address the historical issue underpinning the dispute'),
      ],
    },
  },
  {
    key: 'T23',
    facts: ['T23'],
    development: {
      type: 'other',
      // Seed: only "before" the 22 Aug announcement (the urging was ongoing). Dated to the last day the
      // text guarantees, 2019-08-21, rather than inventing an earlier one. Addressed to both parties, so
      // no single target.
      occurredAt: '2019-08-21',
      summary: 'Washington, up to President Trump, presses its two allies to cooperate rather than escalate.',
      actor: 'US',
      cameoCode: '027',
      sources: [
        cite(BLOOMBERG, 'despite the urging of U.S. officials including President Donald Trump for the two allies to work together'),
        cite(STANGARONE, 'each ally has ignored calls from U.S. officials not to escalate the current situation'),
      ],
    },
  },

  // --- 22 August 2019: Seoul ends GSOMIA, and the reactions ---
  {
    key: 'T01',
    facts: ['T01'],
    development: {
      type: 'agreement_non_renewal',
      // Seed 000: announced "Thursday" = 2019-08-22 (the written notice followed on 23 Aug). expiresOn is
      // left out: it defaults to the agreement's expiry, 2019-11-23 (which is T09, skipped as its duplicate).
      occurredAt: '2019-08-22',
      summary: 'South Korea gives Japan notice that it will let the military-intelligence pact lapse, citing the white-list downgrade.',
      agreementId: GSOMIA,
      actor: 'KR',
      sources: [
        cite(BLOOMBERG, 'South Korea notified Japan of plans to withdraw from the three-year-old framework for exchanging classified military information'),
        cite(STANGARONE, 'South Korea’s decision not to renew the General Security of Military Information Agreement (GSOMIA)'),
      ],
    },
  },
  {
    key: 'T08',
    facts: ['T08'],
    development: {
      type: 'other',
      occurredAt: '2019-08-22',
      summary: 'Seoul says it could revisit its decision should Tokyo reverse the export downgrade (a conditional offer).',
      actor: 'KR',
      target: 'JP',
      cameoCode: '035',
      sources: [cite(BLOOMBERG, 'South Korea held out the prospect that it could reconsider the decision if Japan withdrew its export decision.')],
    },
  },
  {
    key: 'T20',
    facts: ['T20'],
    development: {
      type: 'statement',
      // Kang, "after the announcement" (22 Aug). A statement of support for the US alliance, coded as the
      // timeline does (030, intent to cooperate) rather than the support default (051, praise).
      occurredAt: '2019-08-22',
      summary: 'Foreign Minister Kang says the move is about trust with Japan, not the US alliance, which Seoul will strengthen.',
      actor: 'KR',
      about: ['US'],
      stance: 'support',
      cameoCode: '030',
      sources: [
        cite(BLOOMBERG, 'this has nothing to do with the alliance with U.S.'),
        cite(STANGARONE, 'it will seek to deepen bilateral cooperation with the United States'),
      ],
    },
  },
  {
    key: 'T03',
    facts: ['T03'],
    development: {
      type: 'statement',
      // A third party's criticism: stance concern, coded 111 (criticize) as the timeline does rather than
      // the concern default (012, pessimistic comment).
      occurredAt: '2019-08-22',
      summary: "The Pentagon voices strong concern and disappointment at Seoul's failure to renew the pact.",
      actor: 'US',
      about: ['KR'],
      stance: 'concern',
      cameoCode: '111',
      sources: [
        cite(BLOOMBERG, 'The Department of Defense expresses our strong concern and disappointment that the Moon administration has withheld its renewal'),
        cite(STANGARONE, 'A U.S. Department of Defense official expressed “strong concern and disappointment,”'),
      ],
    },
  },
  {
    key: 'T04',
    facts: ['T04'],
    development: {
      type: 'other',
      // "during a visit to Ottawa" in the same news cycle as the announcement. Addressed to both parties,
      // so no single target.
      occurredAt: '2019-08-22',
      summary: 'Secretary of State Pompeo calls on Tokyo and Seoul to keep talking and mend their relationship.',
      actor: 'US',
      cameoCode: '026',
      sources: [
        cite(BLOOMBERG, 'we’re urging each of the two countries to continue to engage, to continue to have dialogue'),
        cite(STANGARONE, 'We hope each of those two countries can begin to put that relationship back in exactly the right place.'),
      ],
    },
  },
  {
    key: 'T05',
    facts: ['T05'],
    development: {
      type: 'protest',
      // Kono's written statement is a party's complaint aimed at the other party, so a `protest` in the
      // form of a statement (a dyad, default code 111 = the timeline's), not a third-party `statement`.
      occurredAt: '2019-08-22',
      summary: "Foreign Minister Kono calls Seoul's decision a grave misreading of regional security and deeply regrettable.",
      actor: 'JP',
      target: 'KR',
      form: 'statement',
      sources: [
        cite(BLOOMBERG, 'shows complete misunderstanding of the security environment in this region and it is extremely regrettable'),
        cite(STANGARONE, 'Japanese Foreign Minister Taro Kono suggested that South Korea does not grasp the regional security situation'),
      ],
    },
  },
  {
    key: 'T06-T07',
    facts: ['T06', 'T07'],
    development: {
      type: 'protest',
      // One encounter: the formal protest (T07) was lodged when the ambassador was summoned (T06). Both
      // are CAMEO 114, so two records would count one complaint twice; the stronger form is recorded.
      occurredAt: '2019-08-22',
      summary: 'Kono calls in the South Korean ambassador and lodges a formal protest over the pact decision.',
      actor: 'JP',
      target: 'KR',
      form: 'ambassador_summoned',
      sources: [cite(BLOOMBERG, 'he summoned the South Korean ambassador and lodged a formal protest')],
    },
  },
  {
    key: 'T34',
    facts: ['T34'],
    development: {
      type: 'other',
      // Timeline interval 2019-08-22/2019-08-27: Kono's "remarks on South Korea's decision", dated to the
      // day of the decision, when seed 000 reports his reaction. The quote stops before the OCR-garbled word.
      occurredAt: '2019-08-22',
      summary: 'Kono rejects tying the trade dispute to the intelligence pact, refusing to trade export relief for it.',
      actor: 'JP',
      target: 'KR',
      cameoCode: '1244',
      sources: [cite(STANGARONE, 'In his remarks on South Korea’s decision, Kono suggested that the current trade dispute should not be')],
    },
  },

  // --- After the notice ---
  {
    key: 'T27',
    facts: ['T27'],
    development: {
      type: 'other',
      // Seed 004: "recent missile tests" (before 27 Aug). Timeline external_date: the series resumed
      // 2019-07-25 and its seventh round was 2019-08-24, the "most recent missile launch" of T31; recorded
      // once, on that latest launch. A third party (KP): no target.
      occurredAt: '2019-08-24',
      summary: 'North Korea fires more short-range missiles in its summer run of weapons tests, underlining what intelligence sharing is for.',
      actor: 'KP',
      cameoCode: '150',
      sources: [cite(STANGARONE, 'especially in light of North Korea’s recent missile tests')],
    },
  },
  {
    key: 'T31',
    facts: ['T31'],
    development: {
      type: 'other',
      // Timeline interval 2019-08-22/2019-08-27; external_date 2019-08-24 (the day of the launch).
      occurredAt: '2019-08-24',
      summary: 'With the pact still in force, Seoul passes Tokyo its intelligence on the latest North Korean launch.',
      actor: 'KR',
      target: 'JP',
      cameoCode: '064',
      sources: [cite(STANGARONE, 'in the short term South Korea has agreed to provide Japan intelligence on North Korea’s most recent missile launch')],
    },
  },
];

export const JP_KR_2019: SeedScenario = {
  dispute: {
    id: 'jp-kr-2019',
    title: 'Japan–South Korea trade and intelligence-sharing dispute (2019)',
    parties: ['JP', 'KR'],
    description:
      'A feud rooted in wartime history that moved from court rulings on forced labour to Japanese export controls and ' +
      'white-list removals, answered in kind by Seoul, and in August 2019 to South Korea giving notice to end GSOMIA.',
  },
  agreements: [
    {
      id: GSOMIA,
      name: 'General Security of Military Information Agreement (GSOMIA)',
      parties: ['JP', 'KR'],
      disputeId: 'jp-kr-2019',
      // Signed November 2016 (seed 000; day from the timeline's T17 external_date). Renewed yearly unless
      // either party gives 90 days' notice: seed 000 "will expire Nov. 23 if not renewed", seed 004 "does not
      // expire for 90 days". First expiry one year after signature; it renews to 2018-11-23, then 2019-11-23.
      signedOn: '2016-11-23',
      expiresOn: '2017-11-23',
      autoRenews: true,
      termMonths: 12,
      noticeDays: 90,
    },
  ],
  steps,
  skipped: {
    T09: 'A deadline, not a development: the GSOMIA expiry on 2019-11-23 is produced by T01 (agreement_non_renewal, whose expiresOn defaults to the agreement\'s expiry); recording it again would duplicate it.',
    T10: 'Market move (the yen); coding null, no CONTRACT type for it, and it weighs nothing.',
    T12: 'Background: the 1965 treaty\'s signing, decades before the dispute; only its interpretation matters (context of T11), so the treaty is not registered.',
    T13: 'Historical background (the 1910-45 occupation); coding null, not an interaction to record.',
    T17: 'GSOMIA\'s signing (November 2016) is recorded as the agreement registration jp-kr-gsomia (signedOn 2016-11-23), not as a development; a 057 `other` would duplicate it.',
    T19: 'A usage statistic (26 exchanges under GSOMIA, reported 5 Aug 2019); coding null, not an interaction between states.',
    T28: 'Public-opinion poll (2016); coding null, no CONTRACT type for it.',
    T29: 'Public-opinion poll (before the announcement); coding null, no CONTRACT type for it.',
    T30: 'Public-opinion poll (after the announcement); coding null, no CONTRACT type for it.',
    T33: 'A deadline, not a development: the white-list removal taking effect on 2019-08-28 is produced by T02\'s effectiveOn; recording it again would duplicate it.',
    T36: 'US–South Korea burden-sharing demand (Special Measures Agreement): another dyad and another negotiation, not this JP–KR dispute; the timeline\'s coding note says it should not count toward the JP–KR escalation, which recording it here would do.',
  },
};
