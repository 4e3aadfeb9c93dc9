/**
 * Short help pages in plain language (aimed at a reading age of about 12), one per section.
 * Each is a title and a few steps; no jargon without an explanation beside it.
 */
export interface HelpTopic {
  title: string;
  summary: string;
  steps: string[];
}

export const HELP_TOPICS: Record<string, HelpTopic> = {
  'getting-started': {
    title: 'Getting started',
    summary: 'Vitals shows your health information from the clinic and from the devices you use at home.',
    steps: [
      'Use the Menu to move between sections. Each section has a "How to use this page" link.',
      'Your home page shows what is coming up and what is new since your last visit.',
      'Readings from your meter or cuff arrive by themselves. You do not need to type them in.',
      'If something looks wrong or worries you, send a message to your care team or call the clinic.',
      'When you are done, choose "Sign out", especially on a shared computer.',
    ],
  },
  'signing-in': {
    title: 'Signing in',
    summary: 'You sign in with your email address and password. Some accounts also need a 6-digit code.',
    steps: [
      'Type the email address the clinic has for you and your password, then choose "Sign in".',
      'If we ask for a code, open your authenticator app and type the 6 numbers it shows for Vitals. The code changes every 30 seconds.',
      'Lost your phone? Use one of the recovery codes you saved when you set up the app. Each works once.',
      'After several wrong tries we pause sign-in for a few minutes to keep your account safe.',
    ],
  },
  appointments: {
    title: 'Appointments',
    summary: 'See your visits, book a new one, or change or cancel one you have.',
    steps: [
      'Your next visits are listed first, with the date, time and who you will see.',
      'To book, choose the kind of visit and a day, then "Find times". Pick a time and confirm.',
      'To move a visit, choose "Change time" and pick a new time. Your old time is freed for others.',
      'To cancel, choose "Cancel visit". Please cancel at least a day before if you can.',
    ],
  },
  messages: {
    title: 'Messages',
    summary: 'Write to your care team about things that are not urgent. They usually answer within 2 working days.',
    steps: [
      'Choose "New message", pick a subject and write your question.',
      'New answers show in bold until you open them.',
      'Do not use messages for emergencies. Call 911 or the clinic instead.',
    ],
  },
  results: {
    title: 'Test results',
    summary: 'Results of your lab tests, with the usual range for each test.',
    steps: [
      'Each result shows your value and the usual (reference) range. A result outside the range is marked.',
      'A value outside the range is not always a problem. Your care team will tell you if you need to do anything.',
      'Open a test to see a graph of your earlier results for the same test.',
    ],
  },
  glucose: {
    title: 'Blood sugar',
    summary: 'Your blood sugar (glucose) readings from your meter or sensor, and how much time you spent in your target range.',
    steps: [
      'The coloured bar shows the share of time below, in and above your target range. More green is better.',
      'The daily chart puts each day on top of the others, so you can see patterns, like highs after dinner.',
      'The profile chart shows your typical day: the middle line is your usual value, the shaded bands show how much it varies.',
      'New readings appear by themselves while the page is open.',
    ],
  },
  'blood-pressure': {
    title: 'Blood pressure',
    summary: 'Your blood pressure readings from your home cuff, with your target shaded on the chart.',
    steps: [
      'The top number (systolic) and the bottom number (diastolic) are both shown as lines.',
      'The shaded band is the target range. Readings above it are worth discussing with your care team.',
      'Measure at the same times each day, sitting, after 5 minutes of rest.',
    ],
  },
  summary: {
    title: 'Health summary',
    summary: 'A short overview of your health record: conditions, allergies, vaccinations and care team.',
    steps: ['If something is missing or wrong, send a message to your care team.'],
  },
  medications: {
    title: 'Medicines',
    summary: 'The medicines on your record and how to ask for a refill.',
    steps: ['Choose "Ask for a refill" next to a medicine. Your pharmacy is told when it is ready.', 'Never stop a medicine without talking to your care team.'],
  },
  billing: {
    title: 'Billing',
    summary: 'Your statements and what you owe, and a way to pay.',
    steps: ['Your balance is shown at the top.', 'Choose "Pay" to pay all or part of it.', 'Questions about a bill? Send a message and choose "Billing" as the subject.'],
  },
  forms: {
    title: 'Forms',
    summary: 'Questionnaires your care team asks you to fill in, for example before a visit.',
    steps: [
      'Choose "Fill in" next to a form, answer the questions and choose "Sign and send". Questions marked (required) need an answer; you can leave the others empty.',
      'If an answer is missing or not right, a box at the top lists the problems. Choose one to go straight to that question.',
      'Consent forms: read the text, tick "I have read this consent and I agree to it" and choose "Sign this consent".',
      'To withdraw a consent you signed, choose "Withdraw consent" under it, then "Yes, withdraw consent". It stays in the history of that consent with the date, and you can sign it again at any time.',
      'Open a form under "Forms you have sent" to read your answers again.',
    ],
  },
  privacy: {
    title: 'Sharing and security',
    summary: 'Choose who can see your record for you, and keep your account safe.',
    steps: [
      'A proxy is someone you trust (a family member or carer) who can see parts of your record. You choose which parts and until when.',
      'You can stop a proxy’s access at any time.',
      'Two-step sign-in asks for a code from an app on your phone as well as your password. It makes your account much safer.',
    ],
  },
  'access-log': {
    title: 'Who viewed my record',
    summary: 'Every time someone at the clinic or a proxy opens your record, it is written down. This page shows that list.',
    steps: ['Each line says who looked, when, and what part of the record.', 'If you do not recognise someone, call the clinic.'],
  },
  'clinician-panel': {
    title: 'My patients',
    summary: 'Your care teams’ patients, the ones who need attention first at the top.',
    steps: [
      'Each care team has its own list. Patients with the most serious flags come first: open urgent alerts, then low or out-of-range blood sugar, high blood pressure, weight gain and missed reading days.',
      'Each flag says why it is there. Its link opens the part of the patient’s page that shows the evidence.',
      'Sort by a column or show only some flags. Claim a patient so your team knows you are on it, add a note, and mark the patient reviewed for this period.',
      'Reading days count towards the 16 days a 30-day period needs for remote-monitoring billing.',
      'Open a patient to see every chart and report.',
    ],
  },
  'clinician-alerts': {
    title: 'Alerts',
    summary: 'Alerts raised by the rules on your patients’ readings.',
    steps: ['Acknowledge an alert to tell your team you are on it. Resolve it once it is dealt with.', 'Add a note to record what you did; notes stay in the alert’s history.'],
  },
};
