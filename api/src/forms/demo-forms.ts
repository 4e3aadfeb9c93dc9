import type { Questionnaire, QuestionnaireItem } from './questionnaire-schema.ts';

/** The forms and consent documents the demo clinic publishes. */

const LOINC = 'http://loinc.org';
const loinc = (code: string, display: string) => ({ system: LOINC, code, display });

const FREQUENCY = [loinc('LA6568-5', 'Not at all'), loinc('LA6569-3', 'Several days'), loinc('LA6570-1', 'More than half the days'), loinc('LA6571-9', 'Nearly every day')].map((valueCoding) => ({ valueCoding }));

const phq9Item = (n: number, code: string, text: string): QuestionnaireItem => ({ linkId: `phq9-${n}`, code: [loinc(code, text)], text, type: 'choice', required: true, answerOption: FREQUENCY });

/** PHQ-9 (LOINC 44249-1): depression screening over the last two weeks. */
export const PHQ9: Questionnaire = {
  resourceType: 'Questionnaire',
  url: 'https://vitals.example.org/fhir/Questionnaire/phq-9',
  version: '1',
  name: 'PHQ9',
  title: 'Patient Health Questionnaire (PHQ-9)',
  status: 'active',
  description: 'Over the last 2 weeks, how often have you been bothered by any of the following problems?',
  copyright: 'PHQ-9 developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and colleagues, with an educational grant from Pfizer Inc. No permission required to reproduce, translate, display or distribute.',
  code: [loinc('44249-1', 'PHQ-9 quick depression assessment panel')],
  item: [
    phq9Item(1, '44250-9', 'Little interest or pleasure in doing things'),
    phq9Item(2, '44255-8', 'Feeling down, depressed, or hopeless'),
    phq9Item(3, '44259-0', 'Trouble falling or staying asleep, or sleeping too much'),
    phq9Item(4, '44254-1', 'Feeling tired or having little energy'),
    phq9Item(5, '44251-7', 'Poor appetite or overeating'),
    phq9Item(6, '44258-2', 'Feeling bad about yourself - or that you are a failure or have let yourself or your family down'),
    phq9Item(7, '44252-5', 'Trouble concentrating on things, such as reading the newspaper or watching television'),
    phq9Item(8, '44253-3', 'Moving or speaking so slowly that other people could have noticed. Or the opposite - being so fidgety or restless that you have been moving around a lot more than usual'),
    phq9Item(9, '44260-8', 'Thoughts that you would be better off dead, or of hurting yourself in some way'),
    {
      linkId: 'phq9-difficulty',
      code: [loinc('69722-7', 'How difficult have these problems made it for you to do your work, take care of things at home, or get along with other people')],
      text: 'If you checked off any problems, how difficult have these problems made it for you to do your work, take care of things at home, or get along with other people?',
      type: 'choice',
      answerOption: [loinc('LA6572-7', 'Not difficult at all'), loinc('LA6573-5', 'Somewhat difficult'), loinc('LA6574-3', 'Very difficult'), loinc('LA6575-0', 'Extremely difficult')].map((valueCoding) => ({ valueCoding })),
    },
  ],
};

const CUFF = 'https://vitals.example.org/fhir/CodeSystem/bp-cuff-size';
const yes = (linkId: string, text: string): QuestionnaireItem => ({ linkId, text, type: 'boolean', required: true });

/** How the patient measured their blood pressure at home, after the AHA's measurement advice. */
export const BP_TECHNIQUE: Questionnaire = {
  resourceType: 'Questionnaire',
  url: 'https://vitals.example.org/fhir/Questionnaire/bp-measurement-technique',
  version: '1',
  name: 'BPMeasurementTechnique',
  title: 'Home blood pressure measurement checklist',
  status: 'active',
  description: 'Answer for the last time you measured your blood pressure at home, so your care team can trust the numbers.',
  item: [
    { linkId: 'measured-on', text: 'When did you measure?', type: 'date', required: true },
    yes('rested', 'I sat quietly for 5 minutes before measuring'),
    yes('no-stimulants', 'No caffeine, exercise or smoking in the 30 minutes before'),
    yes('empty-bladder', 'I emptied my bladder first'),
    yes('posture', 'Back supported, feet flat on the floor, legs uncrossed'),
    yes('arm-at-heart', 'Arm supported at heart level'),
    yes('bare-arm', 'Cuff on a bare upper arm'),
    yes('no-talking', 'I did not talk during the measurement'),
    {
      linkId: 'cuff-size',
      text: 'Cuff size',
      type: 'choice',
      required: true,
      answerOption: [
        { valueCoding: { system: CUFF, code: 'small-adult', display: 'Small adult' } },
        { valueCoding: { system: CUFF, code: 'adult', display: 'Adult' } },
        { valueCoding: { system: CUFF, code: 'large-adult', display: 'Large adult' } },
        { valueCoding: { system: CUFF, code: 'thigh', display: 'Extra large (thigh)' } },
      ],
    },
    { linkId: 'arm', text: 'Which arm?', type: 'choice', required: true, answerOption: [{ valueString: 'left' }, { valueString: 'right' }] },
    { linkId: 'readings-taken', text: 'How many readings did you take, a minute apart?', type: 'integer', required: true },
    { linkId: 'notes', text: 'Anything else your care team should know (symptoms, missed doses)?', type: 'string' },
  ],
};

/** Consent documents, version 1 of each kind. */
export const CONSENT_DOCUMENTS = [
  {
    kind: 'rpm_program',
    title: 'Remote patient monitoring program consent',
    body: 'I agree to take part in remote patient monitoring. Devices at home will send my readings to my care team, who review them during office hours; this is not an emergency service: in an emergency I call 911. Monitoring may be billed to my insurance, and I may owe a copay. I can stop at any time by revoking this consent.',
  },
  {
    kind: 'telehealth',
    title: 'Telehealth consent',
    body: 'I agree to receive care by secure video and phone. Telehealth has limits: my clinician may ask me to come in person. My information is protected as in any visit. I can withdraw this consent at any time.',
  },
  {
    kind: 'data_sharing',
    title: 'Data sharing with other care providers',
    body: 'I allow the clinic to share my health summary and home readings with other providers caring for me (such as a hospital or specialist) through health information exchange. Sensitive categories are shared only as the law allows. I can revoke this consent at any time; it does not undo sharing that already happened.',
  },
] as const;
