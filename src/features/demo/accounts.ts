import type { EmployerType, OrganisationType, Role } from '../../core/db/schema.ts';

/**
 * Demo organisations and accounts, listed in the README. Development only: production refuses
 * to seed them (config) and refuses their logins (is_demo).
 */
export const DEMO_PASSWORD = 'demo-wachtwoord-2026';

export interface DemoOrganisation {
  key: string;
  type: OrganisationType;
  name: string;
  email: string;
  phone?: string;
  website?: string;
  address?: string;
  /** CBS codes; 'ALL' for national organisations, 'PV:Utrecht' for every municipality of a province */
  municipalities: string[] | 'ALL' | `PV:${string}`;
}

export const DEMO_ORGANISATIONS: DemoOrganisation[] = [
  { key: 'national', type: 'national_office', name: 'Landelijk bureau Kansrijk', email: 'servicedesk@kansrijk.demo', phone: '030 123 45 67', municipalities: 'ALL' },
  { key: 'leergeld', type: 'leergeld', name: 'Stichting Leergeld Eemland', email: 'info@leergeld-eemland.demo', phone: '033 123 45 67', address: 'Stadsring 12, 3811 HN Amersfoort', municipalities: ['GM0307', 'GM0327', 'GM0342'] },
  { key: 'jfsc-utrecht', type: 'jeugdfonds', name: 'Jeugdfonds Sport & Cultuur Utrecht (provincie)', email: 'utrecht@jeugdfonds.demo', municipalities: 'PV:Utrecht' },
  { key: 'jfsc-amsterdam', type: 'jeugdfonds', name: 'Jeugdfonds Sport & Cultuur Amsterdam', email: 'amsterdam@jeugdfonds.demo', municipalities: ['GM0363'] },
  { key: 'kinderhulp', type: 'kinderhulp', name: 'Nationaal Fonds Kinderhulp', email: 'aanvragen@kinderhulp.demo', municipalities: 'ALL' },
  { key: 'jarige-job', type: 'jarige_job', name: 'Stichting Jarige Job', email: 'info@jarigejob.demo', municipalities: 'ALL' },
  { key: 'amersfoort', type: 'municipality', name: 'Gemeente Amersfoort', email: 'minima@amersfoort.demo', website: 'https://www.amersfoort.nl', municipalities: ['GM0307'] },
  { key: 'utrecht', type: 'municipality', name: 'Gemeente Utrecht', email: 'kindpakket@utrecht.demo', website: 'https://www.utrecht.nl', municipalities: ['GM0344'] },
];

export interface DemoUser {
  email: string;
  name: string;
  role: Role;
  organisation: string;
  /** Base32 TOTP secret, published in the README for the demo only. */
  totpSecret: string;
  municipalities?: string[];
}

export const DEMO_USERS: DemoUser[] = [
  { email: 'beheerder@kansrijk.demo', name: 'Anouk de Vries', role: 'platform_admin', organisation: 'national', totpSecret: 'KRDEMOADMINAAAAAAAAAAAAAAAAAAAAA' },
  { email: 'coordinator@leergeld-eemland.demo', name: 'Marieke Jansen', role: 'coordinator', organisation: 'leergeld', totpSecret: 'KRDEMOCOORDINATORAAAAAAAAAAAAAAA' },
  { email: 'behandelaar@leergeld-eemland.demo', name: 'Youssef El Amrani', role: 'case_handler', organisation: 'leergeld', totpSecret: 'KRDEMOHANDLERAAAAAAAAAAAAAAAAAAA' },
  { email: 'vrijwilliger@leergeld-eemland.demo', name: 'Henk Bakker', role: 'volunteer', organisation: 'leergeld', totpSecret: 'KRDEMOVOLUNTEERAAAAAAAAAAAAAAAAA' },
  { email: 'financien@leergeld-eemland.demo', name: 'Sanne Visser', role: 'finance', organisation: 'leergeld', totpSecret: 'KRDEMOFINANCEAAAAAAAAAAAAAAAAAAA' },
  { email: 'meekijker@leergeld-eemland.demo', name: 'Pieter de Groot', role: 'read_only', organisation: 'leergeld', totpSecret: 'KRDEMOREADONLYAAAAAAAAAAAAAAAAAA' },
  { email: 'beleid@amersfoort.demo', name: 'Fatma Yilmaz', role: 'municipality_officer', organisation: 'amersfoort', totpSecret: 'KRDEMOMUNICIPALITYAAAAAAAAAAAAAA', municipalities: ['GM0307'] },
  { email: 'coordinator@jeugdfonds-utrecht.demo', name: 'Lotte Smit', role: 'coordinator', organisation: 'jfsc-utrecht', totpSecret: 'KRDEMOJEUGDFONDSAAAAAAAAAAAAAAAA' },
  { email: 'behandelaar@jarigejob.demo', name: 'Ruben Mulder', role: 'case_handler', organisation: 'jarige-job', totpSecret: 'KRDEMOJARIGEJOBAAAAAAAAAAAAAAAAA' },
];

export interface DemoProfessional {
  email: string;
  name: string;
  phone: string;
  employerType: EmployerType;
  employerName: string;
  employerPlace: string;
  jobTitle: string;
  municipalities: string[];
  /** organisations (by key) that approved them; every other organisation in their municipalities still has to */
  approvedBy: string[];
  totpSecret: string;
}

/** Professionals (intermediairs): they log in like staff but work for a school or a wijkteam. */
export const DEMO_PROFESSIONALS: DemoProfessional[] = [
  {
    email: 'esther.kok@obs-regenboog.demo', name: 'Esther Kok', phone: '033 765 43 21', employerType: 'school', employerName: 'OBS De Regenboog', employerPlace: 'Amersfoort',
    jobTitle: 'Schoolmaatschappelijk werker', municipalities: ['GM0307'], approvedBy: ['jfsc-utrecht', 'leergeld'], totpSecret: 'KRDEMOPROFESSIONALAAAAAAAAAAAAAA',
  },
  {
    email: 'bram.deboer@wijkteam-amersfoort.demo', name: 'Bram de Boer', phone: '033 111 22 33', employerType: 'wijkteam', employerName: 'Wijkteam Amersfoort-Noord', employerPlace: 'Amersfoort',
    jobTitle: 'Wijkcoach', municipalities: ['GM0307', 'GM0327'], approvedBy: [], totpSecret: 'KRDEMOWIJKTEAMAAAAAAAAAAAAAAAAAA',
  },
];
