import type { Theme } from '../../core/db/schema.ts';
import type { ProvisionRules } from '../catalogue/rules.ts';

/**
 * The demo catalogue, after the real organisations' public rules (see shared/PRODUCT.md).
 * Amounts in euro cents. Coverage: the organisation's municipalities unless `municipalities` is set.
 */
export interface DemoProvision {
  organisation: string;
  theme: Theme;
  rules: ProvisionRules;
  municipalities?: string[];
}

const base = {
  age: { min: 4, max: 17, referenceDate: null },
  income: { kind: 'none' },
  limits: { maxAmount: null, amountsByAge: [], extras: [], period: 'calendar_year', periodYears: null, maxRequestsPerPeriod: null },
  exclusiveGroup: null,
  capacity: null,
  retroactive: false,
  window: null,
  handlingDays: 21,
  apply: { mode: 'online' },
  requiredFields: ['child_name', 'birth_date', 'address'],
  delivery: 'supplier_invoice',
  checksMunicipalFirst: false,
} satisfies Omit<ProvisionRules, 'title' | 'description' | 'applicants'>;

type Spec = Partial<Omit<ProvisionRules, 'limits' | 'age'>> & Pick<ProvisionRules, 'title' | 'description' | 'applicants'> & { limits?: Partial<ProvisionRules['limits']>; age?: Partial<ProvisionRules['age']> };
const p = (spec: Spec): ProvisionRules => ({ ...base, ...spec, age: { ...base.age, ...spec.age }, limits: { ...base.limits, ...spec.limits } }) as ProvisionRules;

type Preset = Pick<Spec, 'applicants'> & Partial<Omit<Spec, 'title' | 'description'>>;
const leergeld: Preset = { applicants: ['parent', 'young', 'professional'], income: { kind: 'norm', percent: 120 }, checksMunicipalFirst: true, age: { min: 4, max: 18 } };
const jfsc: Preset = { applicants: ['professional'], income: { kind: 'professional_judgement' }, delivery: 'supplier_invoice', limits: { period: 'rolling_12_months' }, handlingDays: 7 };
const kinderhulp: Preset = { applicants: ['professional'], income: { kind: 'professional_judgement' }, delivery: 'professional_org', age: { min: 0, max: 20 }, handlingDays: 28 };

export const DEMO_CATALOGUE: DemoProvision[] = [
  // Stichting Leergeld Eemland
  { organisation: 'leergeld', theme: 'school', rules: p({ ...leergeld, title: { nl: 'Schoolreis en excursies', en: 'School trip and excursions' }, description: { nl: 'Leergeld betaalt het schoolreisje, een excursie of het schoolkamp. Wij betalen de school direct.', en: 'Leergeld pays for the school trip, an excursion or school camp. We pay the school directly.' }, limits: { amountsByAge: [{ minAge: 4, maxAge: 11, amount: 27500 }, { minAge: 12, maxAge: 18, amount: 79000 }] }, age: { min: 4, max: 18, referenceDate: '09-01' }, requiredFields: ['child_name', 'birth_date', 'address', 'household', 'income', 'school', 'class', 'cost'], handlingDays: 28 }) },
  { organisation: 'leergeld', theme: 'school', rules: p({ ...leergeld, title: { nl: 'Ouderbijdrage en schoolspullen', en: 'Parental contribution and school supplies' }, description: { nl: 'Voor de vrijwillige ouderbijdrage, een rekenmachine, gymkleren of een schooltas.', en: 'For the voluntary parental contribution, a calculator, sports kit or a school bag.' }, limits: { amountsByAge: [{ minAge: 4, maxAge: 11, amount: 27500 }, { minAge: 12, maxAge: 18, amount: 79000 }] }, age: { min: 4, max: 18, referenceDate: '09-01' }, requiredFields: ['child_name', 'birth_date', 'address', 'household', 'income', 'school', 'class', 'cost'], handlingDays: 28 }) },
  { organisation: 'leergeld', theme: 'basic_needs', rules: p({ ...leergeld, title: { nl: 'Fiets', en: 'Bicycle' }, description: { nl: 'Een goede fiets om naar school te gaan. Je haalt hem op bij een fietsenwinkel bij jou in de buurt.', en: 'A good bicycle to get to school. You collect it at a bike shop near you.' }, limits: { maxAmount: 35000, period: 'once_per_years', periodYears: 3 }, age: { min: 8, max: 18 }, delivery: 'goods', requiredFields: ['child_name', 'birth_date', 'address', 'household', 'income', 'school'], handlingDays: 28 }) },
  { organisation: 'leergeld', theme: 'basic_needs', rules: p({ ...leergeld, title: { nl: 'Laptop voor school', en: 'Laptop for school' }, description: { nl: 'Een laptop voor leerlingen op de middelbare school, in bruikleen of in eigendom.', en: 'A laptop for secondary school pupils, on loan or to keep.' }, limits: { maxAmount: 50000, period: 'once_per_years', periodYears: 5 }, age: { min: 11, max: 18 }, delivery: 'goods', requiredFields: ['child_name', 'birth_date', 'address', 'household', 'income', 'school', 'school_level'], handlingDays: 42 }) },
  { organisation: 'leergeld', theme: 'sport', rules: p({ ...leergeld, title: { nl: 'Zwemles (A- en B-diploma)', en: 'Swimming lessons (A and B diploma)' }, description: { nl: 'Zwemles tot en met het B-diploma. Wij betalen het zwembad direct.', en: 'Swimming lessons up to the B diploma. We pay the pool directly.' }, limits: { maxAmount: 60000, period: 'once_per_years', periodYears: 2 }, age: { min: 4, max: 12 }, requiredFields: ['child_name', 'birth_date', 'address', 'household', 'income', 'club', 'cost'] }) },

  // Jeugdfonds Sport & Cultuur Utrecht (provincial): sport or culture, not both in one year
  { organisation: 'jfsc-utrecht', theme: 'sport', rules: p({ ...jfsc, title: { nl: 'Lid worden van een sportclub', en: 'Join a sports club' }, description: { nl: 'Het Jeugdfonds betaalt de contributie van de sportclub, en soms sportkleding of schoenen. Een professional, zoals de leerkracht of het wijkteam, vraagt het voor je aan.', en: 'The Jeugdfonds pays the sports club membership, and sometimes sportswear or shoes. A professional, such as the teacher or the neighbourhood team, applies for you.' }, limits: { maxAmount: 22500, period: 'rolling_12_months', extras: [{ label: { nl: 'Sportkleding en schoenen', en: 'Sportswear and shoes' }, maxAmount: 10000 }] }, exclusiveGroup: 'sport_of_cultuur', requiredFields: ['child_name', 'birth_date', 'address', 'club', 'activity', 'fee', 'club_iban'] }) },
  { organisation: 'jfsc-utrecht', theme: 'culture', rules: p({ ...jfsc, title: { nl: 'Muziekles, dans, theater of tekenles', en: 'Music, dance, drama or art lessons' }, description: { nl: 'Het Jeugdfonds betaalt les bij een muziekschool, dansschool of theatergroep. Een professional vraagt het voor je aan.', en: 'The Jeugdfonds pays for lessons at a music school, dance school or theatre group. A professional applies for you.' }, limits: { maxAmount: 45000, period: 'rolling_12_months' }, exclusiveGroup: 'sport_of_cultuur', requiredFields: ['child_name', 'birth_date', 'address', 'club', 'activity', 'fee', 'club_iban'] }) },

  // Jeugdfonds Sport & Cultuur Amsterdam (city)
  { organisation: 'jfsc-amsterdam', theme: 'sport', rules: p({ ...jfsc, title: { nl: 'Sporten bij een club', en: 'Sport at a club' }, description: { nl: 'Contributie van een sportclub in Amsterdam. Een professional vraagt het voor je aan.', en: 'Membership of a sports club in Amsterdam. A professional applies for you.' }, limits: { maxAmount: 35000, period: 'rolling_12_months', maxRequestsPerPeriod: 3 }, age: { min: 4, max: 17 }, requiredFields: ['child_name', 'birth_date', 'address', 'club', 'activity', 'fee', 'club_iban'] }) },
  { organisation: 'jfsc-amsterdam', theme: 'culture', rules: p({ ...jfsc, title: { nl: 'Cultuurles', en: 'Arts lessons' }, description: { nl: 'Muziek, dans, theater of beeldende kunst in Amsterdam. Een professional vraagt het voor je aan.', en: 'Music, dance, drama or visual arts in Amsterdam. A professional applies for you.' }, limits: { maxAmount: 46500, period: 'rolling_12_months', maxRequestsPerPeriod: 3 }, requiredFields: ['child_name', 'birth_date', 'address', 'club', 'activity', 'fee', 'club_iban'] }) },

  // Nationaal Fonds Kinderhulp (national, only via professionals)
  { organisation: 'kinderhulp', theme: 'basic_needs', rules: p({ ...kinderhulp, title: { nl: 'Kleding en een winterjas', en: 'Clothing and a winter coat' }, description: { nl: 'Kleding, schoenen of een winterjas. Het geld gaat naar de organisatie van de professional die aanvraagt.', en: 'Clothing, shoes or a winter coat. The money goes to the organisation of the professional who applies.' }, limits: { maxAmount: 25000 }, requiredFields: ['child_name', 'birth_date', 'clothing_size'] }) },
  { organisation: 'kinderhulp', theme: 'basic_needs', rules: p({ ...kinderhulp, title: { nl: 'Bed of kamerinrichting', en: 'Bed or bedroom furniture' }, description: { nl: 'Een eigen bed, matras of bureau voor het kind.', en: 'A bed, mattress or desk of the child\'s own.' }, limits: { maxAmount: 40000, period: 'once_per_years', periodYears: 3 }, requiredFields: ['child_name', 'birth_date', 'address'] }) },
  { organisation: 'kinderhulp', theme: 'basic_needs', rules: p({ ...kinderhulp, title: { nl: 'Laptop of computer', en: 'Laptop or computer' }, description: { nl: 'Een laptop voor school als geen andere regeling die betaalt.', en: 'A laptop for school when no other scheme pays for it.' }, limits: { maxAmount: 45000, period: 'once_per_years', periodYears: 4 }, age: { min: 10, max: 20 }, requiredFields: ['child_name', 'birth_date', 'school', 'school_level'] }) },
  { organisation: 'kinderhulp', theme: 'leisure', rules: p({ ...kinderhulp, title: { nl: 'Dagje uit', en: 'A day out' }, description: { nl: 'Een dagje uit met het gezin, zoals een pretpark of dierentuin.', en: 'A day out with the family, such as a theme park or zoo.' }, limits: { maxAmount: 15000 }, requiredFields: ['child_name', 'birth_date'] }) },
  { organisation: 'kinderhulp', theme: 'leisure', rules: p({ ...kinderhulp, title: { nl: 'Zomerpret', en: 'Summer fun' }, description: { nl: 'Een zomerpakket met uitjes en spullen om buiten te spelen. Zolang er plek is.', en: 'A summer package with outings and things to play outside. While places last.' }, limits: { maxAmount: 7500 }, window: { from: '05-15', until: '08-31' }, capacity: 5000, delivery: 'goods', requiredFields: ['child_name', 'birth_date', 'address'] }) },
  { organisation: 'kinderhulp', theme: 'leisure', rules: p({ ...kinderhulp, title: { nl: 'Actie Pepernoot: cadeaubon van 25 euro', en: 'Actie Pepernoot: a 25 euro gift voucher' }, description: { nl: 'Een cadeaubon van 25 euro in december. Er zijn een vast aantal plaatsen; is het vol, dan komt de aanvraag op de wachtlijst.', en: 'A 25 euro gift voucher in December. There is a fixed number of places; when full, the request goes on the waiting list.' }, limits: { maxAmount: 2500 }, window: { from: '10-15', until: '12-10' }, capacity: 70000, delivery: 'voucher', age: { min: 0, max: 17 }, requiredFields: ['child_name', 'birth_date', 'address'] }) },

  // Stichting Jarige Job
  { organisation: 'jarige-job', theme: 'birthday', rules: p({ applicants: ['parent', 'professional'], title: { nl: 'Verjaardagsbox', en: 'Birthday box' }, description: { nl: 'Een doos met een cadeautje, taartmix, traktatie voor de klas en versiering. Hij komt vóór de verjaardag aan.', en: 'A box with a present, cake mix, treats for the class and decorations. It arrives before the birthday.' }, age: { min: 4, max: 12, referenceDate: null }, delivery: 'goods', handlingDays: 14, limits: { maxAmount: 3500, period: 'calendar_year' }, requiredFields: ['child_name', 'birth_date', 'address'] }) },

  // Gemeente Amersfoort (own schemes, income norm 120 %)
  { organisation: 'amersfoort', theme: 'school', rules: p({ applicants: ['parent', 'young', 'professional'], income: { kind: 'norm', percent: 120 }, title: { nl: 'Schoolkostenregeling Amersfoort', en: 'Amersfoort school costs allowance' }, description: { nl: 'Een bijdrage in de schoolkosten: 100 euro voor de basisschool, 125 euro voor de middelbare school, per schooljaar.', en: 'A contribution to school costs: 100 euros for primary school, 125 euros for secondary school, per school year.' }, age: { min: 4, max: 17, referenceDate: '09-01' }, limits: { period: 'school_year', amountsByAge: [{ minAge: 4, maxAge: 11, amount: 10000 }, { minAge: 12, maxAge: 17, amount: 12500 }] }, delivery: 'voucher', handlingDays: 14, requiredFields: ['child_name', 'birth_date', 'address', 'household', 'income', 'school'] }) },
  { organisation: 'amersfoort', theme: 'sport', rules: p({ applicants: ['parent', 'young', 'professional'], income: { kind: 'norm', percent: 120 }, title: { nl: 'Meedoenbudget Amersfoort', en: 'Amersfoort participation budget' }, description: { nl: 'Een budget per kind per jaar om uit te geven in de webshop: voor sport, cultuur of een uitje.', en: 'A budget per child per year to spend in the web shop: on sport, culture or an outing.' }, age: { min: 0, max: 17 }, limits: { amountsByAge: [{ minAge: 0, maxAge: 3, amount: 20000 }, { minAge: 4, maxAge: 11, amount: 30000 }, { minAge: 12, maxAge: 17, amount: 40000 }] }, delivery: 'webshop_budget', handlingDays: 14, requiredFields: ['child_name', 'birth_date', 'address', 'household', 'income'] }) },

  // Gemeente Utrecht (scheme applied for on the municipality's own site)
  { organisation: 'utrecht', theme: 'school', rules: p({ applicants: ['parent', 'young'], income: { kind: 'norm', percent: 125 }, title: { nl: 'U-pas kindregeling', en: 'U-pas children\'s scheme' }, description: { nl: 'Met de U-pas krijgt uw kind korting op sport, cultuur en schoolkosten. U vraagt de U-pas aan bij de gemeente Utrecht.', en: 'With the U-pas your child gets discounts on sport, culture and school costs. You apply for the U-pas with the municipality of Utrecht.' }, age: { min: 0, max: 17 }, limits: { maxAmount: 30000 }, apply: { mode: 'external', url: 'https://www.utrecht.nl/werk-en-inkomen/u-pas/', phone: '14 030', address: 'Stadskantoor, Stadsplateau 1, Utrecht', hours: 'maandag tot en met vrijdag 9.00–17.00 uur' }, delivery: 'voucher', handlingDays: 28, requiredFields: [] }) },
];
