import { THEMES } from '../../core/db/schema.ts';
import { APPLICANT_ROLES, DELIVERIES, PERIODS } from '../catalogue/rules.ts';

/** OpenAPI 3.1 description of the public API, served at /api/openapi.json. */
export function openApiDocument() {
  const text = { type: 'object', properties: { nl: { type: 'string' }, en: { type: 'string' } }, required: ['nl', 'en'] };
  const problem = {
    type: 'object',
    description: 'RFC 9457 problem details',
    properties: {
      type: { type: 'string' },
      title: { type: 'string' },
      status: { type: 'integer' },
      detail: { type: 'string' },
      'invalid-params': { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, reason: { type: 'string' } } } },
      candidates: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' } } } },
    },
    required: ['type', 'title', 'status'],
  };
  const option = {
    type: 'object',
    properties: {
      id: { type: 'string', format: 'uuid' },
      version: { type: 'integer', description: 'version of the provision rules this answer used' },
      theme: { enum: THEMES },
      organisation: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, type: { type: 'string' } } },
      title: text,
      description: text,
      ages: { type: 'object', properties: { min: { type: 'integer' }, max: { type: 'integer' }, referenceDate: { type: ['string', 'null'], description: 'MM-DD on which the age is counted, e.g. 09-01' } } },
      ageCounted: { type: 'integer' },
      income: { type: 'object', description: "kind: none | professional_judgement | norm (percent of the social minimum)" },
      maxAmountCents: { type: ['integer', 'null'] },
      period: { enum: PERIODS },
      periodYears: { type: ['integer', 'null'] },
      extras: { type: 'array' },
      via: { enum: ['parent', 'professional', null], description: 'someone else must apply: the parent, or a professional' },
      waitingList: { type: 'boolean', description: 'campaign full: a request goes on the waiting list' },
      handlingDays: { type: 'integer' },
      delivery: { enum: DELIVERIES },
      apply: { type: 'object', description: 'mode online, or external with url, phone, address, hours' },
      checkFirst: { type: ['string', 'null'], description: 'id of a municipal scheme the organisation checks first' },
    },
  };
  return {
    openapi: '3.1.0',
    info: {
      title: 'Kansrijk public API',
      version: '1.0.0',
      description: 'What can a child get, where, from whom and how. The same answer as the wizard at /, for municipalities to show on their own sites. No personal data is sent or stored.',
      license: { name: 'EUPL-1.2', identifier: 'EUPL-1.2' },
    },
    paths: {
      '/api/v1/options': {
        get: {
          summary: 'Provisions available per child',
          description: 'Resolves the place (a postcode, or a municipality by CBS code) and answers per child which provisions can be requested, grouped as a flat list, with the reasons for those that cannot.',
          parameters: [
            { name: 'postcode', in: 'query', schema: { type: 'string', examples: ['3511 AB', '3511AB', '3511'] }, description: 'Dutch postcode; any common spelling' },
            { name: 'municipality', in: 'query', schema: { type: 'string', pattern: '^GM\\d{4}$' }, description: 'CBS municipality code; wins over postcode' },
            { name: 'age', in: 'query', schema: { type: 'array', items: { type: 'integer', minimum: 0, maximum: 25 } }, style: 'form', explode: true, description: 'age of a child in years; repeat for several children' },
            { name: 'birthDate', in: 'query', schema: { type: 'array', items: { type: 'string', format: 'date' } }, style: 'form', explode: true },
            { name: 'role', in: 'query', schema: { enum: APPLICANT_ROLES, default: 'parent' } },
            { name: 'theme', in: 'query', schema: { type: 'array', items: { enum: THEMES } }, style: 'form', explode: true, description: 'themes asked for; none means all' },
          ],
          responses: {
            '200': {
              description: 'The answer',
              content: {
                'application/json': {
                  schema: {
                    type: 'object',
                    properties: {
                      municipality: { type: 'object', properties: { code: { type: 'string' }, name: { type: 'string', description: 'official CBS name' }, commonName: { type: 'string' } } },
                      date: { type: 'string', format: 'date' },
                      role: { enum: APPLICANT_ROLES },
                      themes: { type: 'array', items: { enum: THEMES } },
                      children: {
                        type: 'array',
                        items: {
                          type: 'object',
                          properties: {
                            index: { type: 'integer' },
                            age: { type: 'integer' },
                            options: { type: 'array', items: option },
                            unavailable: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, title: text, organisation: { type: 'string' }, reasons: { type: 'array', items: { type: 'object', properties: { code: { type: 'string' } } } } } } },
                            missingThemes: { type: 'array', items: { enum: THEMES } },
                            nationalAlternatives: { type: 'array', items: option },
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
            '400': { description: 'Invalid parameters', content: { 'application/problem+json': { schema: problem } } },
            '404': { description: 'Unknown postcode area or municipality: pass the municipality', content: { 'application/problem+json': { schema: problem } } },
            '409': { description: 'Postcode area split over two municipalities: pass one of the candidates', content: { 'application/problem+json': { schema: problem } } },
          },
        },
      },
    },
  };
}
