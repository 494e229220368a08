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
    'Since the coordinator’s funding ended in March, nobody has protected time to lead workforce development across the partnership; it depends on goodwill. Agreed as a priority.',
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
    'The information sharing protocol signed last autumn has helped: more staff know what they may share. The systems still do not talk to each other, and health and schools both described delays.',
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
    'Vacancies have risen since last year: social worker and health visitor posts are hard to fill and agency use is rising. Early years pay makes it hard to keep staff.',
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

/**
 * Where the 2025 analysis workshop departed from what the questionnaires said, having
 * looked at other evidence. The answers are still made up from AGREED; the workshop
 * records these scores and reasons instead.
 */
export const DEPARTED_2025: Record<string, [number, string]> = {
  'multi-agency-training': [
    2.9,
    'The questionnaires put this higher, but most staff were thinking of the safeguarding courses. Training records showed four other multi-agency courses all year, with nearly all places taken by social care, so the sub-group agreed a lower position.',
  ],
  'supervision-support': [
    2.5,
    'Leaders scored this well above frontline staff. The supervision audit found that outside social care fewer than half of frontline staff had any supervision in the last three months, so the sub-group agreed a position below the questionnaire score.',
  ],
  'common-assessment': [
    3.3,
    'The questionnaire score was held down by nurseries, where few staff have used it yet. The early help hub’s figures showed a third more assessments than last year, with health now starting one in five, so the sub-group agreed a higher position.',
  ],
};

/**
 * The 2024 analysis workshop's agreed score and reasons. It ran out of time before the
 * complementary-roles area, so those dimensions have no agreed position that year.
 */
export const AGREED_2024: Record<string, [number, string]> = {
  'shared-vision': [
    2.8,
    'The partnership has agreed priorities but no written vision. Leaders described it in different words, and few frontline staff knew there was one.',
  ],
  'vision-known': [
    2.3,
    'Most frontline staff had not heard of the partnership’s priorities. Nothing has been shared with teams beyond the board minutes.',
  ],
  'one-workforce': [
    2.5,
    'Staff think of themselves as part of their own service and profession. Few had met colleagues from other services except at case conferences.',
  ],
  'leaders-committed': [
    3.4,
    'Senior people from every statutory partner attend the board and take part. The voluntary sector is represented by one unpaid volunteer.',
  ],
  'capacity-to-deliver': [
    2.7,
    'A part-time workforce development coordinator, funded for one year, keeps the training calendar and the sub-group going. Nothing is planned for when the funding ends next spring.',
  ],
  'common-core-language': [
    2.4,
    'Few staff outside the council had heard of the Common Core. Each service describes the same skills in its own terms.',
  ],
  'shared-values': [
    3.5,
    'Staff in every sector put the child first and want families treated with respect. This was the clearest area of agreement in the questionnaires.',
  ],
  'understanding-roles': [
    2.7,
    'Staff know their nearest partners but not the wider network. Several had not heard of the early help service.',
  ],
  'plain-language': [
    2.6,
    'Parents at the family hub drop-ins said letters and plans are hard to follow. Assessments are written for other professionals rather than for the family.',
  ],
  'joint-induction': [
    1.9,
    'Every organisation runs its own induction and none of them introduces the other services. Agreed as something to work towards, though not this year.',
  ],
  'five-outcomes': [
    3.3,
    'The children and young people’s plan is built around outcomes and schools use them in their own planning. Other services know them less well.',
  ],
  'early-help': [
    2.6,
    'Families usually reach help only once problems have grown. School and nursery staff were unsure how to ask for early help.',
  ],
  'voice-of-child': [
    2.8,
    'The youth council meets, but its views rarely reach decisions. Younger children and children with additional needs are seldom asked.',
  ],
  'data-and-evidence': [
    2.3,
    'Each service reports its own figures to its own managers. Nobody brings them together to show how children across the borough are doing.',
  ],
  'joint-monitoring': [
    2.4,
    'The board sees each service’s performance separately. There has been no joint audit of cases.',
  ],
  'multi-agency-working': [
    2.6,
    'Practitioners meet when a case becomes serious, seldom before. Team around the family meetings happen in a few schools only.',
  ],
  'common-assessment': [
    2.3,
    'The early help assessment form is long and used mainly by family support staff. Health and early years staff said nobody had shown it to them.',
  ],
  'lead-professional': [
    2.2,
    'Nobody is clear who should take the lead for a family below the social care threshold, so often no one does.',
  ],
  'information-sharing': [
    1.6,
    'Staff do not know what they may share without consent, and many share nothing to be safe. There is no partnership protocol, and replies from health and the police can take weeks. The top priority for the year ahead.',
  ],
  transitions: [
    2.5,
    'Moves from nursery to school are planned with care. Moves to secondary school and out of care are not, and information is often lost on the way.',
  ],
  'common-core-skills': [
    3.2,
    'Staff are confident talking with children and families. Fewer feel able to help a child through a change of school or home.',
  ],
  'multi-agency-training': [
    2.7,
    'Almost all joint training is safeguarding training. The coordinator has started a shared calendar, but few courses are open to every partner.',
  ],
  'qualifications-development': [
    3.3,
    'Most staff hold the qualifications their role needs. Early years settings are ahead of their target for staff at level 3.',
  ],
  'supervision-support': [
    2.5,
    'Social workers have regular supervision. In most other services it is occasional and mainly about caseloads.',
  ],
  'workforce-planning': [
    2.1,
    'There is no partnership workforce plan. Each organisation plans its own staffing and nobody looks at the whole.',
  ],
  'recruitment-retention': [
    2.9,
    'Most services are fully staffed. Health visiting is hard to recruit to, and some early years settings are starting to lose staff to better-paid work.',
  ],
  'safeguarding-training': [
    3.9,
    'Safeguarding training is well attended and well rated. The partnership’s audit found 91% of staff up to date, fewer in sports clubs and voluntary groups.',
  ],
  'shared-thresholds': [
    2.8,
    'The threshold guidance is long and out of date; staff outside social care find it hard to use and partners read it differently. Chosen as a priority.',
  ],
  'referral-escalation': [
    3.2,
    'Staff know how to make a referral, but many never hear what happened to it. Few knew how to escalate a disagreement.',
  ],
  'safer-recruitment': [
    3.7,
    'Checks are thorough in the council, schools and health. Some small voluntary groups were unsure which checks they need.',
  ],
  allegations: [
    3.5,
    'The designated officer is known and responds quickly. Sports clubs and faith groups knew least about what to do.',
  ],
};

/** Comments to draw from, by who is answering: staff, children and young people, parents. */
export type CommentPool = Record<'staff' | 'children' | 'parents', [string, string][]>;

export const COMMENTS: CommentPool = {
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

/** Comments in the 2024 round (no parents' questionnaire that year). */
export const COMMENTS_2024: CommentPool = {
  staff: [
    [
      'integrated-working',
      'I never know whether I may pass on what a parent has told me to the school nurse, so usually I don’t.',
    ],
    [
      'integrated-working',
      'We asked the health visiting team for information in February and are still waiting for a reply.',
    ],
    [
      'keeping-safe',
      'The threshold document is forty pages long. I have never found the part I needed in time.',
    ],
    [
      'complementary-roles',
      'There is nobody whose job it is to help a family find their way round all the different services.',
    ],
    [
      'common-values',
      'The letters we send to parents are written for other professionals, not for the family.',
    ],
    [
      'skilled-workforce',
      'Our team has been together for years and everyone is qualified. The training budget is the problem, not the staff.',
    ],
    [
      'skilled-workforce',
      'Since the workforce coordinator started it has been much easier to find courses run by other services.',
    ],
    [
      'shared-identity',
      'The partnership board feels a long way from what happens in our centre day to day.',
    ],
    [
      'positive-outcomes',
      'Early help is hard to get unless things have already gone wrong for the family.',
    ],
  ],
  children: [
    [
      'keeping-safe',
      'I would tell my form tutor if I was worried, but I do not know who else I could go to.',
    ],
    ['positive-outcomes', 'Adults ask what we think and then nothing happens.'],
    [
      'integrated-working',
      'My social worker changed three times this year and each one asked me the same things.',
    ],
    ['common-values', 'The staff at the youth club are easy to talk to.'],
  ],
  parents: [],
};
