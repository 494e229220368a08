// Words for the demo rounds, written for the fictional Riverside partnership.

/** The analysis workshop's agreed score and reasons per dimension (2025 round). */
export const AGREED: Record<string, [number, string]> = {
  'shared-vision': [
    3.2,
    'The partnership plan sets out a shared vision and most leaders could describe it. Staff in early years and housing were less sure it was meant for them.',
  ],
  'vision-known': [
    2.6,
    'Leaders rated this far higher than frontline staff. The vision is known by managers but has not reached most teams since the staff briefings stopped.',
  ],
  'one-workforce': [
    2.8,
    'People still see themselves first as teachers, nurses or social workers. Joint team days in the Northgate family hub are starting to change this.',
  ],
  'leaders-committed': [
    3.4,
    'Every partner sends a senior person to the board and attendance is good. The voluntary sector has no funded seat.',
  ],
  'capacity-to-deliver': [
    2.4,
    'Nobody has protected time to lead workforce development across the partnership; it depends on goodwill. Agreed as a priority.',
  ],
  'common-core-language': [
    2.7,
    'The council and some schools use the Common Core at induction; health and the police use their own frameworks and terms.',
  ],
  'shared-values': [
    3.5,
    'Strong agreement in every sector that the child comes first and families should tell their story once. Children’s answers backed this up.',
  ],
  'understanding-roles': [
    3.0,
    'Staff know the services they work with most, but few could say what housing or youth justice staff do. The services directory is out of date.',
  ],
  'plain-language': [
    3.1,
    'Letters and plans for families have been rewritten in plain English in social care. Parents said health letters are still full of jargon.',
  ],
  'joint-induction': [
    2.2,
    'There is no shared induction: each organisation inducts its own staff. The lowest-rated dimension in the orange area.',
  ],
  'five-outcomes': [
    3.6,
    'Outcomes for children run through the children and young people’s plan and staff know them well, schools especially.',
  ],
  'early-help': [
    3.0,
    'The early help offer is valued, but waits for family support are long and school staff find the thresholds unclear.',
  ],
  'voice-of-child': [
    3.3,
    'The youth council and school councils are active and children said they are listened to. Younger and disabled children are heard less.',
  ],
  'data-and-evidence': [
    2.5,
    'Each service collects its own data. There is no shared picture of outcomes and staff rarely see what happens to what they report.',
  ],
  'joint-monitoring': [
    2.7,
    'The board receives performance reports service by service. Joint audits have started in safeguarding only.',
  ],
  'multi-agency-working': [
    3.1,
    'Team around the family meetings work well where they happen. Early years staff feel left out of them and GPs rarely attend.',
  ],
  'common-assessment': [
    2.9,
    'The early help assessment is used a lot in schools and family support, patchily in health and hardly at all in nurseries.',
  ],
  'lead-professional': [
    2.6,
    'Schools often become lead professional without training or back-up. Families valued one named person when it worked.',
  ],
  'information-sharing': [
    2.3,
    'Staff are unsure what they may share and when, and the systems do not talk to each other. Health and schools both described delays.',
  ],
  transitions: [
    2.8,
    'Moves from nursery to school are well planned; moves to secondary school and to adult services for vulnerable young people are not.',
  ],
  'common-core-skills': [
    3.2,
    'Most staff feel confident talking with children and families. Confidence in supporting children through changes is lower.',
  ],
  'multi-agency-training': [
    3.4,
    'The safeguarding partnership’s courses are well used and well rated. Other multi-agency courses are few and mostly for social care.',
  ],
  'qualifications-development': [
    3.0,
    'Qualification levels are good in schools and health. Early years has high turnover and many staff below level 3.',
  ],
  'supervision-support': [
    2.9,
    'Social workers get regular reflective supervision; most other frontline staff, including early years and youth workers, do not.',
  ],
  'workforce-planning': [
    2.1,
    'There is no partnership-wide workforce plan and no shared data on vacancies; each organisation plans alone. Agreed as a priority.',
  ],
  'recruitment-retention': [
    2.4,
    'Social worker and health visitor vacancies are high and agency use is rising. Early years pay makes it hard to keep staff.',
  ],
  'clear-remits': [
    3.0,
    'Remits are written down but not always known. The overlap between early help and family support teams confuses families.',
  ],
  'no-gaps-duplication': [
    2.5,
    'Families described being assessed several times, and there is a gap for teenagers whose emotional health needs fall below the CAMHS threshold.',
  ],
  'new-shared-roles': [
    2.7,
    'The family hub navigators and the school nursing link role are promising, but small and funded a year at a time.',
  ],
  'career-pathways': [
    2.0,
    'Staff see few routes between sectors; training and pay do not carry across. The lowest-rated dimension in the indigo area.',
  ],
  'safeguarding-training': [
    4.1,
    'Safeguarding training is universal, current and well regarded; the partnership’s audit found 96% of staff up to date.',
  ],
  'shared-thresholds': [
    3.4,
    'The threshold guidance is well known in social care and schools; voluntary groups and sports clubs are less confident using it.',
  ],
  'referral-escalation': [
    3.6,
    'Staff know how to refer and how to escalate a disagreement, and the front door gives feedback on most referrals.',
  ],
  'safer-recruitment': [
    4.0,
    'Safer recruitment checks are consistent across the council, schools and health, and voluntary groups have had help to catch up.',
  ],
  allegations: [
    3.8,
    'The designated officer arrangements are well known and quick to respond. Smaller voluntary groups asked for simpler guidance.',
  ],
};

export const COMMENTS: Record<'staff' | 'children' | 'parents', [string, string][]> = {
  staff: [
    [
      'integrated-working',
      'We hear about team around the family meetings after they have happened. Nurseries should be invited as a matter of course.',
    ],
    [
      'integrated-working',
      'Getting information back from health after a referral can take weeks, which leaves us guessing.',
    ],
    [
      'keeping-safe',
      'The safeguarding training this year was the best I have had: practical, with real cases from our area.',
    ],
    [
      'skilled-workforce',
      'Supervision in our team is mostly about caseload numbers. There is little time to reflect on the work itself.',
    ],
    [
      'skilled-workforce',
      'We lose good staff to supermarkets that pay more. Nobody stays long enough to finish their level 3.',
    ],
    [
      'shared-identity',
      'I have never seen the partnership vision. I only know about it because of this questionnaire.',
    ],
    [
      'common-values',
      'A shared induction with colleagues from other services would have saved me months of working out who does what.',
    ],
    [
      'complementary-roles',
      'Families tell us they have been asked the same questions by three different people in one month.',
    ],
    [
      'positive-outcomes',
      'We send our figures every quarter but never hear what they show or what changes because of them.',
    ],
    [
      'complementary-roles',
      'The family hub navigator has made a real difference for the parents I work with.',
    ],
  ],
  children: [
    ['keeping-safe', 'I know who to talk to at school if something is wrong.'],
    ['integrated-working', 'I had to tell my story again when I moved to a new worker.'],
    [
      'positive-outcomes',
      'The youth council listened to us about the bus times and they changed them.',
    ],
    ['common-values', 'Some of the letters use words I do not understand.'],
  ],
  parents: [
    [
      'integrated-working',
      'Everyone was kind, but nobody seemed to know what the others were doing.',
    ],
    [
      'complementary-roles',
      'Having one person to call made all the difference when my son was unwell.',
    ],
    [
      'common-values',
      'The health letters were hard to follow; the family support worker explained them to me.',
    ],
  ],
};

/** The focus group's reasons, by the lowest score they describe. */
export const FOCUS_GROUP_REASONS: [number, string][] = [
  [4, 'The group agreed this is strong and consistent across the services in the room.'],
  [3, 'Most of the group saw this working in their own service, with gaps in the smaller sectors.'],
  [2, 'Some good practice, but it depends on individual teams rather than shared arrangements.'],
  [
    1,
    'The group found little sign of this in day-to-day work and gave examples of families falling between services.',
  ],
];
