import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dialects } from '../../helpers/dialects.ts';
import {
  ENTERPRISE,
  GROUP,
  USER,
  assertScimError,
  create,
  filteredIds,
  idsWhere,
  list,
  query,
  type Resource,
} from '../../helpers/scim-lists.ts';
import { startServer, type TestServer } from '../../helpers/scim-server.ts';

type Email = readonly [value: string, type: string, primary?: boolean];
interface Spec {
  readonly userName: string;
  readonly given?: string;
  readonly family?: string;
  readonly title?: string;
  readonly active: boolean;
  readonly emails?: readonly Email[];
  readonly dept?: string;
  readonly emp?: string;
  readonly mgr?: string;
  readonly ext?: string;
}

// Varied on purpose: mixed case, missing values, a work address that is not at
// example.com beside a home one that is (to catch matching across elements), non-ASCII.
const SPECS: readonly Spec[] = [
  {
    userName: 'Alice.Smith@Example.com',
    given: 'Alice',
    family: 'Smith',
    title: 'Engineer',
    active: true,
    emails: [
      ['alice.smith@example.com', 'work', true],
      ['alice@mail.org', 'home'],
    ],
    dept: 'Sales',
    emp: '1001',
    mgr: 'mgr-1',
    ext: 'ext-00',
  },
  {
    userName: 'bob.jones',
    given: 'Bob',
    family: 'Jones',
    active: true,
    emails: [['bob@example.com', 'work', true]],
    dept: 'Engineering',
    emp: '1002',
    ext: 'EXT-01',
  },
  {
    userName: 'CAROL.WHITE',
    given: 'Carol',
    family: 'White',
    title: 'Manager',
    active: false,
    emails: [['carol@home.org', 'home', true]],
    dept: 'sales',
    ext: 'ext-02',
  },
  { userName: 'dave', active: true },
  {
    userName: 'Eve.Adams@example.COM',
    given: 'Eve',
    family: 'Adams',
    title: 'engineer',
    active: true,
    emails: [
      ['eve@other.net', 'work', true],
      ['eve.adams@example.com', 'home'],
    ],
    dept: 'Engineering',
    mgr: 'mgr-1',
    ext: 'ext-04',
  },
  {
    userName: 'frank_miller',
    given: 'Frank',
    family: 'Miller',
    title: 'Sales Rep',
    active: false,
    emails: [
      ['frank@example.org', 'work'],
      ['frank@example.com', 'other', true],
    ],
    dept: 'Sales',
    emp: '1005',
    ext: 'ext-05',
  },
  {
    userName: 'Grace.Hopper',
    given: 'Grace',
    family: 'Hopper',
    title: 'Admiral',
    active: true,
    emails: [['grace@navy.mil', 'work', true]],
    dept: 'Research',
    mgr: 'mgr-2',
    ext: 'Ext-06',
  },
  { userName: 'heidi', given: 'Heidi', active: true, emails: [['heidi@example.com', 'work', false]], ext: 'ext-07' },
  {
    userName: 'ivan.petrov',
    given: 'Ivan',
    family: 'Petrov',
    title: 'Engineer',
    active: true,
    emails: [['IVAN@EXAMPLE.COM', 'work', true]],
    dept: 'Engineering',
    emp: '1008',
    ext: 'ext-08',
  },
  {
    userName: 'JUDY',
    given: 'Judy',
    family: 'smith',
    active: false,
    emails: [['judy@mail.org', 'home', true]],
    ext: 'ext-09',
  },
  {
    userName: 'mallory',
    given: 'Mallory',
    family: 'Black',
    title: 'Intern',
    active: true,
    emails: [
      ['mallory@example.com', 'work'],
      ['mallory@example.org', 'home'],
    ],
  },
  { userName: 'Niaj.Brown', given: 'Niaj', family: 'Brown', active: true, dept: 'Support', emp: '1011' },
  {
    userName: 'olivia.green',
    given: 'Olivia',
    family: 'Green',
    title: 'Director',
    active: true,
    emails: [['olivia@example.com', 'work', true]],
    dept: 'Sales',
    mgr: 'mgr-2',
    ext: 'ext-12',
  },
  {
    userName: 'Peggy',
    given: 'Peggy',
    family: 'Carter',
    title: 'Agent',
    active: false,
    emails: [['peggy@ssr.gov', 'work', true]],
  },
  {
    userName: 'rupert.x',
    given: 'Rupert',
    family: 'Xu',
    active: true,
    emails: [['rupert@example.com.au', 'work', true]],
  },
  {
    userName: 'Sybil',
    given: 'Sybil',
    family: 'Smith',
    title: 'Engineer',
    active: true,
    emails: [['sybil@example.org', 'work', true]],
    dept: 'Engineering',
    ext: 'ext-15',
  },
  { userName: 'trent', given: 'Trent', family: 'Reed', active: true, dept: 'Security', emp: '1016' },
  {
    userName: 'Ursula.K',
    given: 'Ursula',
    family: 'Le Guin',
    title: 'Writer',
    active: true,
    emails: [['ursula@books.org', 'home', true]],
    ext: 'ext-17',
  },
  {
    userName: 'victor',
    given: 'Victor',
    family: 'Hugo',
    active: false,
    emails: [['victor@example.com', 'work', true]],
    dept: 'Sales',
    emp: '1018',
    mgr: 'mgr-1',
  },
  {
    userName: 'Walter.White',
    given: 'Walter',
    family: 'White',
    title: 'Chemist',
    active: true,
    emails: [['walter@example.com', 'home', true]],
    ext: 'ext-19',
  },
  {
    userName: 'xavier',
    given: 'Xavier',
    family: 'Xu',
    title: 'Professor',
    active: true,
    emails: [['xavier@example.com', 'work', true]],
    dept: 'engineering',
    ext: 'ext-20',
  },
  {
    userName: 'Yvonne.Z',
    given: 'Yvonne',
    family: 'Zhang',
    active: true,
    emails: [['yvonne@example.net', 'work', true]],
    ext: 'ext-21',
  },
  {
    userName: 'zoe',
    given: 'Zoe',
    family: 'Zimmer',
    title: 'Engineer',
    active: true,
    emails: [
      ['zoe@example.com', 'work', true],
      ['zoe@example.org', 'home'],
    ],
    dept: 'Sales',
    ext: 'ext-22',
  },
  {
    userName: 'ÉMILE.Zola',
    given: 'Émile',
    family: 'Zola',
    title: 'Écrivain',
    active: true,
    emails: [['emile@example.fr', 'work', true]],
    ext: 'ext-23',
  },
  {
    userName: 'åsa.berg',
    given: 'Åsa',
    family: 'Berg',
    active: false,
    emails: [['asa@example.se', 'home']],
    dept: 'Support',
  },
];

function userBody(spec: Spec, i: number): Resource {
  const enterprise = {
    ...(spec.dept !== undefined ? { department: spec.dept } : {}),
    ...(spec.emp !== undefined ? { employeeNumber: spec.emp } : {}),
    ...(spec.mgr !== undefined ? { manager: { value: spec.mgr } } : {}),
  };
  const hasEnterprise = Object.keys(enterprise).length > 0;
  const name = {
    ...(spec.given !== undefined ? { givenName: spec.given } : {}),
    ...(spec.family !== undefined ? { familyName: spec.family } : {}),
  };
  return {
    schemas: hasEnterprise ? [USER, ENTERPRISE] : [USER],
    userName: spec.userName,
    active: spec.active,
    ...(Object.keys(name).length > 0 ? { name } : {}),
    ...(i % 3 === 0 && spec.given ? { displayName: `${spec.given} ${spec.family ?? ''}`.trim() } : {}),
    ...(spec.title !== undefined ? { title: spec.title } : {}),
    ...(spec.emails
      ? {
          emails: spec.emails.map(([value, type, primary]) => ({
            value,
            type,
            ...(primary !== undefined ? { primary } : {}),
          })),
        }
      : {}),
    ...(spec.ext !== undefined ? { externalId: spec.ext } : {}),
    ...(hasEnterprise ? { [ENTERPRISE]: enterprise } : {}),
    password: `Secret-${i}-passw0rd`,
  };
}

const lc = (v: unknown): string | undefined => (typeof v === 'string' ? v.toLowerCase() : undefined);
const emailsOf = (r: Resource): Resource[] => r.emails ?? [];
const ent = (r: Resource): Resource => r[ENTERPRISE] ?? {};
const cmp = (v: unknown, op: 'gt' | 'ge' | 'lt' | 'le', x: string): boolean => {
  const a = lc(v);
  if (a === undefined) return false;
  const b = x.toLowerCase();
  return op === 'gt' ? a > b : op === 'ge' ? a >= b : op === 'lt' ? a < b : a <= b;
};
/** The same instant written with another UTC offset, e.g. `+02:00`. */
function withOffset(iso: string, offset: string): string {
  const sign = offset.startsWith('-') ? -1 : 1;
  const minutes = sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  return new Date(Date.parse(iso) + minutes * 60_000).toISOString().replace('Z', offset);
}

type Case = readonly [filter: string, expected: (r: Resource) => boolean];

for (const dialect of await dialects()) {
  describe(`Filters (${dialect})`, () => {
    let s: TestServer;
    let users: Resource[] = [];
    let groups: Resource[] = [];
    const byName = (userName: string): Resource => {
      const found = users.find((u) => u.userName === userName);
      assert.ok(found, userName);
      return found;
    };
    const group = (displayName: string): Resource => {
      const found = groups.find((g) => g.displayName === displayName);
      assert.ok(found, displayName);
      return found;
    };

    const check = async (endpoint: '/Users' | '/Groups', cases: readonly Case[]): Promise<void> => {
      const data = endpoint === '/Users' ? users : groups;
      for (const [filter, expected] of cases) {
        const want = idsWhere(data, expected);
        assert.deepEqual(await filteredIds(s, endpoint, filter), want, `filter: ${filter}`);
      }
    };

    before(async () => {
      s = await startServer(dialect);
      for (const [i, spec] of SPECS.entries()) await create(s, '/Users', userBody(spec, i));
      const ids = (await list(s, '/Users?count=1000')).body.Resources as Resource[];
      const idOf = (userName: string) => ids.find((u) => u.userName === userName)?.id as string;
      const members = (...names: string[]) => names.map((n) => ({ value: idOf(n) }));
      const engineers = await create(s, '/Groups', {
        schemas: [GROUP],
        displayName: 'Engineers',
        externalId: 'g-eng',
        members: members('bob.jones', 'Eve.Adams@example.COM', 'ivan.petrov', 'Sybil', 'xavier'),
      });
      await create(s, '/Groups', {
        schemas: [GROUP],
        displayName: 'Sales Team',
        members: members('Alice.Smith@Example.com', 'CAROL.WHITE', 'frank_miller', 'olivia.green', 'victor', 'zoe'),
      });
      await create(s, '/Groups', { schemas: [GROUP], displayName: 'empty group', externalId: 'G-EMPTY' });
      await create(s, '/Groups', {
        schemas: [GROUP],
        displayName: 'Admins',
        members: [...members('Alice.Smith@Example.com'), { value: engineers.id, type: 'Group' }],
      });
      // Read back everything as the server shows it: the expected sets are computed from these.
      users = (await list(s, '/Users?count=1000')).body.Resources;
      groups = (await list(s, '/Groups?count=1000')).body.Resources;
      assert.equal(users.length, SPECS.length);
      assert.equal(groups.length, 4);
    });
    after(() => s.close());

    it('compares userName case-insensitively with every operator', async () => {
      await check('/Users', [
        ['userName eq "alice.smith@example.com"', (r) => lc(r.userName) === 'alice.smith@example.com'],
        ['userName eq "ALICE.SMITH@EXAMPLE.COM"', (r) => lc(r.userName) === 'alice.smith@example.com'],
        ['userName ne "bob.jones"', (r) => lc(r.userName) !== 'bob.jones'],
        ['userName co "SMITH"', (r) => lc(r.userName)!.includes('smith')],
        ['userName sw "j"', (r) => lc(r.userName)!.startsWith('j')],
        ['userName ew ".COM"', (r) => lc(r.userName)!.endsWith('.com')],
        ['userName pr', () => true],
        ['userName gt "m"', (r) => cmp(r.userName, 'gt', 'm')],
        ['userName ge "Mallory"', (r) => cmp(r.userName, 'ge', 'mallory')],
        ['userName lt "c"', (r) => cmp(r.userName, 'lt', 'c')],
        ['userName le "DAVE"', (r) => cmp(r.userName, 'le', 'dave')],
        ['userName eq "émile.zola"', (r) => r.userName === 'ÉMILE.Zola'],
        ['userName sw "ÅSA"', (r) => r.userName === 'åsa.berg'],
      ]);
    });

    it('compares optional strings, and ne matches users that lack the attribute', async () => {
      await check('/Users', [
        ['title eq "engineer"', (r) => lc(r.title) === 'engineer'],
        ['title ne "Engineer"', (r) => lc(r.title) !== 'engineer'],
        ['title co "ENG"', (r) => lc(r.title)?.includes('eng') === true],
        ['title sw "d"', (r) => lc(r.title)?.startsWith('d') === true],
        ['title ew "er"', (r) => lc(r.title)?.endsWith('er') === true],
        ['title pr', (r) => r.title !== undefined],
        ['title gt "D"', (r) => cmp(r.title, 'gt', 'd')],
        ['title le "Chemist"', (r) => cmp(r.title, 'le', 'chemist')],
        ['title eq null', (r) => r.title === undefined],
        ['title ne null', (r) => r.title !== undefined],
        ['displayName eq "ÉMILE ZOLA"', (r) => r.displayName === 'Émile Zola'],
        ['displayName pr', (r) => r.displayName !== undefined],
        ['displayName co "smith"', (r) => lc(r.displayName)?.includes('smith') === true],
        ['not (displayName sw "a")', (r) => !lc(r.displayName)?.startsWith('a')],
      ]);
    });

    it('compares sub-attributes and accepts attribute names and operators in any case', async () => {
      await check('/Users', [
        ['name.familyName eq "smith"', (r) => lc(r.name?.familyName) === 'smith'],
        ['Name.FamilyName EQ "SMITH"', (r) => lc(r.name?.familyName) === 'smith'],
        ['NAME.GIVENNAME Sw "a"', (r) => lc(r.name?.givenName)?.startsWith('a') === true],
        ['name.familyName pr', (r) => r.name?.familyName !== undefined],
        ['name pr', (r) => r.name !== undefined],
        ['not (name.familyName pr)', (r) => r.name?.familyName === undefined],
        ['name.familyName ne "White"', (r) => lc(r.name?.familyName) !== 'white'],
        ['USERNAME EQ "DAVE"', (r) => r.userName === 'dave'],
        ['UserName Co "." aNd TITLE Pr', (r) => r.userName.includes('.') && r.title !== undefined],
        ['urn:ietf:params:scim:schemas:core:2.0:User:userName sw "a"', (r) => lc(r.userName)!.startsWith('a')],
        [
          'urn:ietf:params:scim:schemas:core:2.0:User:name.familyName eq "Smith"',
          (r) => lc(r.name?.familyName) === 'smith',
        ],
      ]);
    });

    it('compares externalId and id case-exactly', async () => {
      const dave = byName('dave');
      await check('/Users', [
        ['externalId eq "EXT-01"', (r) => r.externalId === 'EXT-01'],
        ['externalId eq "ext-01"', (r) => r.externalId === 'ext-01'],
        ['externalId sw "ext"', (r) => typeof r.externalId === 'string' && r.externalId.startsWith('ext')],
        ['externalId co "t-0"', (r) => typeof r.externalId === 'string' && r.externalId.includes('t-0')],
        ['externalId ne "ext-00"', (r) => r.externalId !== 'ext-00'],
        ['externalId pr', (r) => r.externalId !== undefined],
        ['externalId gt "ext-20"', (r) => typeof r.externalId === 'string' && r.externalId > 'ext-20'],
        ['externalId lt "Ext-06"', (r) => typeof r.externalId === 'string' && r.externalId < 'Ext-06'],
        [`id eq "${dave.id}"`, (r) => r.id === dave.id],
        [`id eq "${dave.id.toUpperCase()}"`, (r) => r.id === dave.id.toUpperCase()],
        [`id ne "${dave.id}"`, (r) => r.id !== dave.id],
        [`id sw "${dave.id.slice(0, 8)}"`, (r) => r.id.startsWith(dave.id.slice(0, 8))],
        ['id pr', () => true],
      ]);
    });

    it('compares booleans, accepting the strings "True" and "False"', async () => {
      await check('/Users', [
        ['active eq false', (r) => r.active === false],
        ['active eq true', (r) => r.active === true],
        ['active eq "True"', (r) => r.active === true],
        ['active eq "false"', (r) => r.active === false],
        ['active ne false', (r) => r.active !== false],
        ['active eq TRUE', (r) => r.active === true],
        ['active pr', () => true],
        ['not (active eq true)', (r) => r.active !== true],
        ['emails.primary eq true', (r) => emailsOf(r).some((e) => e.primary === true)],
        ['emails.primary ne true', (r) => !emailsOf(r).some((e) => e.primary === true)],
      ]);
    });

    it('compares dateTimes as instants, whatever the offset they are written with', async () => {
      const sorted = [...users].sort((a, b) => (a.meta.created < b.meta.created ? -1 : 1));
      const pivot = sorted[12]!.meta.created as string;
      const modified = sorted[7]!.meta.lastModified as string;
      await check('/Users', [
        [`meta.created gt "${withOffset(pivot, '+02:00')}"`, (r) => r.meta.created > pivot],
        [`meta.created ge "${withOffset(pivot, '-05:30')}"`, (r) => r.meta.created >= pivot],
        [`meta.created lt "${withOffset(pivot, '+14:00')}"`, (r) => r.meta.created < pivot],
        [`meta.created le "${pivot}"`, (r) => r.meta.created <= pivot],
        [`meta.created eq "${withOffset(pivot, '+01:00')}"`, (r) => r.meta.created === pivot],
        [`meta.created ne "${pivot}"`, (r) => r.meta.created !== pivot],
        [`meta.lastModified ge "${withOffset(modified, '-08:00')}"`, (r) => r.meta.lastModified >= modified],
        [`Meta.LastModified lt "${modified.replace('Z', '+00:00')}"`, (r) => r.meta.lastModified < modified],
        ['meta.created gt "2000-01-01T00:00:00Z"', () => true],
        ['meta.created gt "2000-01-01"', () => true],
        ['meta.lastModified lt "2000-01-01T00:00:00+01:00"', () => false],
        ['meta.created pr', () => true],
      ]);
    });

    it('combines with and, or, not and parentheses; and binds tighter than or', async () => {
      const sw = (r: Resource, p: string) => lc(r.userName)!.startsWith(p);
      await check('/Users', [
        ['title eq "Engineer" and active eq true', (r) => lc(r.title) === 'engineer' && r.active === true],
        [
          'title eq "Engineer" or name.familyName eq "White"',
          (r) => lc(r.title) === 'engineer' || lc(r.name?.familyName) === 'white',
        ],
        [
          'userName sw "a" or userName sw "c" and active eq true',
          (r) => sw(r, 'a') || (sw(r, 'c') && r.active === true),
        ],
        [
          'userName sw "c" and active eq true or userName sw "a"',
          (r) => (sw(r, 'c') && r.active === true) || sw(r, 'a'),
        ],
        [
          '(userName sw "a" or userName sw "c") and active eq true',
          (r) => (sw(r, 'a') || sw(r, 'c')) && r.active === true,
        ],
        ['not (title pr)', (r) => r.title === undefined],
        ['not (title eq "Engineer" or active eq false)', (r) => !(lc(r.title) === 'engineer' || r.active === false)],
        ['NOT (userName SW "A") AND active EQ true', (r) => !sw(r, 'a') && r.active === true],
        ['((userName sw "w"))', (r) => sw(r, 'w')],
        ['not (not (userName sw "w"))', (r) => sw(r, 'w')],
        [
          'title eq "Engineer" and (emails.type eq "home" or urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department eq "engineering")',
          (r) =>
            lc(r.title) === 'engineer' &&
            (emailsOf(r).some((e) => e.type === 'home') || lc(ent(r).department) === 'engineering'),
        ],
        ['userName pr and not (emails pr) or title eq "Agent"', (r) => emailsOf(r).length === 0 || r.title === 'Agent'],
      ]);
    });

    it('matches value paths on a single element of a multi-valued attribute', async () => {
      await check('/Users', [
        [
          'emails[type eq "work" and value co "@example.com"]',
          (r) => emailsOf(r).some((e) => e.type === 'work' && lc(e.value)!.includes('@example.com')),
        ],
        [
          'emails[type eq "work" and primary eq true]',
          (r) => emailsOf(r).some((e) => e.type === 'work' && e.primary === true),
        ],
        ['emails[not (type eq "work")]', (r) => emailsOf(r).some((e) => e.type !== 'work')],
        [
          'emails[primary eq true] and active eq false',
          (r) => emailsOf(r).some((e) => e.primary === true) && r.active === false,
        ],
        ['EMAILS[TYPE EQ "HOME"]', (r) => emailsOf(r).some((e) => e.type === 'home')],
        [
          'emails[value ew ".org" or type eq "other"]',
          (r) => emailsOf(r).some((e) => e.value.endsWith('.org') || e.type === 'other'),
        ],
        [
          'emails[type eq "work"] and not (emails[type eq "home"])',
          (r) => emailsOf(r).some((e) => e.type === 'work') && !emailsOf(r).some((e) => e.type === 'home'),
        ],
        ['emails[primary pr]', (r) => emailsOf(r).some((e) => e.primary !== undefined)],
        ['emails[type ne "work"]', (r) => emailsOf(r).some((e) => e.type !== 'work')],
        ['not (emails[type eq "work"])', (r) => !emailsOf(r).some((e) => e.type === 'work')],
      ]);
    });

    it('matches multi-valued attributes when any element matches', async () => {
      await check('/Users', [
        ['emails.value ew ".org"', (r) => emailsOf(r).some((e) => e.value.endsWith('.org'))],
        ['emails co "EXAMPLE.ORG"', (r) => emailsOf(r).some((e) => lc(e.value)!.includes('example.org'))],
        ['emails eq "ivan@example.com"', (r) => emailsOf(r).some((e) => lc(e.value) === 'ivan@example.com')],
        ['emails.value sw "a"', (r) => emailsOf(r).some((e) => e.value.startsWith('a'))],
        ['emails.type eq "home"', (r) => emailsOf(r).some((e) => e.type === 'home')],
        ['emails pr', (r) => emailsOf(r).length > 0],
        ['emails.value pr', (r) => emailsOf(r).length > 0],
        ['not (emails pr)', (r) => emailsOf(r).length === 0],
        ['emails.value ne "bob@example.com"', (r) => !emailsOf(r).some((e) => e.value === 'bob@example.com')],
        ['emails.value gt "x"', (r) => emailsOf(r).some((e) => lc(e.value)! > 'x')],
        [
          'emails.type eq "work" and emails.value ew "example.com"',
          (r) =>
            emailsOf(r).some((e) => e.type === 'work') && emailsOf(r).some((e) => lc(e.value)!.endsWith('example.com')),
        ],
      ]);
    });

    it('filters on enterprise extension attributes by their URN path', async () => {
      const E = ENTERPRISE;
      await check('/Users', [
        [`${E}:department eq "Sales"`, (r) => lc(ent(r).department) === 'sales'],
        [`${E}:department ne "Sales"`, (r) => lc(ent(r).department) !== 'sales'],
        [`${E.toUpperCase()}:Department sw "ENG"`, (r) => lc(ent(r).department)?.startsWith('eng') === true],
        [`${E}:employeeNumber pr`, (r) => ent(r).employeeNumber !== undefined],
        [
          `${E}:employeeNumber gt "1010"`,
          (r) => typeof ent(r).employeeNumber === 'string' && ent(r).employeeNumber > '1010',
        ],
        [`${E}:manager.value eq "mgr-1"`, (r) => ent(r).manager?.value === 'mgr-1'],
        [`${E}:manager pr`, (r) => ent(r).manager !== undefined],
        [`not (${E}:department pr)`, (r) => ent(r).department === undefined],
        [
          `${E}:department eq "sales" and active eq false`,
          (r) => lc(ent(r).department) === 'sales' && r.active === false,
        ],
        [`schemas eq "${E}"`, (r) => r.schemas.includes(E)],
      ]);
    });

    it('filters users by their groups and groups by their members', async () => {
      const engineers = group('Engineers');
      const sales = group('Sales Team');
      const alice = byName('Alice.Smith@Example.com');
      const inGroup = (r: Resource, id: string) => (r.groups ?? []).some((g: Resource) => g.value === id);
      await check('/Users', [
        [`groups.value eq "${engineers.id}"`, (r) => inGroup(r, engineers.id)],
        [`groups[value eq "${sales.id}"]`, (r) => inGroup(r, sales.id)],
        ['groups.display eq "sales team"', (r) => inGroup(r, sales.id)],
        ['groups pr', (r) => (r.groups ?? []).length > 0],
        ['not (groups pr)', (r) => (r.groups ?? []).length === 0],
        [
          `groups.value eq "${engineers.id}" or groups.value eq "${sales.id}"`,
          (r) => inGroup(r, engineers.id) || inGroup(r, sales.id),
        ],
      ]);
      const hasMember = (g: Resource, id: string) => (g.members ?? []).some((m: Resource) => m.value === id);
      await check('/Groups', [
        ['displayName eq "ENGINEERS"', (g) => g.displayName === 'Engineers'],
        [
          'displayName co "team" or displayName sw "adm"',
          (g) => /team/i.test(g.displayName) || /^adm/i.test(g.displayName),
        ],
        ['displayName ne "Engineers"', (g) => g.displayName !== 'Engineers'],
        [`members[value eq "${alice.id}"]`, (g) => hasMember(g, alice.id)],
        [`members.value eq "${alice.id}"`, (g) => hasMember(g, alice.id)],
        ['members[type eq "Group"]', (g) => (g.members ?? []).some((m: Resource) => m.type === 'Group')],
        ['members.display sw "alice"', (g) => hasMember(g, alice.id)],
        ['members pr', (g) => (g.members ?? []).length > 0],
        ['not (members pr)', (g) => (g.members ?? []).length === 0],
        ['externalId eq "G-EMPTY"', (g) => g.externalId === 'G-EMPTY'],
        ['externalId eq "g-empty"', () => false],
        ['meta.resourceType eq "Group"', () => true],
        ['meta.resourceType eq "User"', () => false],
      ]);
    });

    it("reads an unquoted comparison value as a string, as Microsoft's suite and Entra's docs send it", async () => {
      await check('/Users', [
        ['userName sw j', (r) => lc(r.userName)!.startsWith('j')],
        ['userName eq dave', (r) => lc(r.userName) === 'dave'],
        [
          'emails.Value co example.com',
          (r) => (r.emails ?? []).some((e: { value: string; type?: string }) => lc(e.value)!.includes('example.com')),
        ],
        [
          'name.FamilyName eq smith and (emails.Value co example.com or title eq Engineer)',
          (r) =>
            lc(r.name?.familyName) === 'smith' &&
            ((r.emails ?? []).some((e: { value: string; type?: string }) => lc(e.value)!.includes('example.com')) ||
              lc(r.title) === 'engineer'),
        ],
        [
          'emails[type eq work and value ew example.com]',
          (r) =>
            (r.emails ?? []).some(
              (e: { value: string; type?: string }) => e.type === 'work' && lc(e.value)!.endsWith('example.com'),
            ),
        ],
        ['active eq TRUE', (r) => r.active === true],
        ['meta.created gt 2015-10-10T14:38:21.8617979-07:00', () => true],
        ['meta.created lt 2015-10-10T14:38:21Z', () => false],
      ]);
      for (const filter of ["userName eq 'single'", 'userName eq', 'meta.created gt yesterday', 'active eq maybe']) {
        assertScimError(await s.scim('GET', `/Users${query({ filter })}`), 400, 'invalidFilter', filter);
      }
    });

    // The parser's and checker's cases are unit tests (test/scim/filter/); these show that
    // each kind of refusal (syntax, schema, type, storage, size) reaches the client as a 400.
    it('answers malformed filters with 400 invalidFilter, never a 500', async () => {
      const bad = [
        '(userName eq "a"',
        'userName foo "a"',
        'unknownAttr eq "a"',
        'john',
        'active gt true',
        'meta.created gt "yesterday"',
        "userName eq 'single'",
        'emails[type eq "work"].value eq "x"',
        'userName eq "nul\\u0000"',
        `userName eq "${'x'.repeat(5000)}"`,
        `${'('.repeat(40)}userName pr${')'.repeat(40)}`,
      ];
      for (const filter of bad) {
        const res = await s.scim('GET', `/Users${query({ filter })}`);
        assertScimError(res, 400, 'invalidFilter', `filter: ${filter.slice(0, 80)}`);
      }
      for (const filter of ['members[display eq "x"', 'displayName gt', 'userName eq "x"']) {
        const res = await s.scim('GET', `/Groups${query({ filter })}`);
        assertScimError(res, 400, 'invalidFilter', `group filter: ${filter}`);
      }
    });

    it('refuses a filter given twice', async () => {
      const res = await s.scim(
        'GET',
        `/Users?filter=${encodeURIComponent('title pr')}&filter=${encodeURIComponent('active eq true')}`,
      );
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.equal(res.body.status, '400');
    });

    it('treats an empty filter as no filter', async () => {
      const res = await list(s, '/Users?filter=&count=1000');
      assert.equal(res.body.totalResults, users.length);
    });
  });
}
