import type { AccountStatus, DataClassification, Environment } from "@/lib/core/generated/prisma/enums";
import { environmentCode, environmentSlug, REGIONS } from "./constants";
import type { MatrixAccount, MatrixSnapshot, MatrixTagRule, MatrixTeam, MatrixUnit, MatrixUser } from "./types";

/**
 * Deterministic generator of a demo matrix. The same options always give the same snapshot, so the demo seed,
 * the benchmarks' large data set and the local Tencent Cloud emulator all describe one organization.
 * (A pure data module; it deviates from the domain file vocabulary because it is neither a read nor a write.)
 */
export interface MatrixOptions {
  /** Number of member accounts. The demo uses 40; benchmarks use thousands. */
  accounts: number;
  /** Seed of the pseudo-random choices (tag gaps, regions, owners). */
  seed?: number;
}

export const DEMO_ACCOUNT_COUNT = 40;
const DEFAULT_SEED = 20261129;
/** A fixed clock, so timestamps are reproducible too. */
const EPOCH = Date.UTC(2026, 10, 1);
const DAY_MS = 86_400_000;

export const NAMING_TEMPLATE = "{product}-{env}-{region}-{descriptor}";

/** Groups of the local identity provider; mapped to Lattice roles by configuration. */
export const DEMO_GROUPS = {
  platformAdmin: "lattice-platform-admins",
  approver: "lattice-approvers",
  security: "lattice-security",
  auditor: "lattice-auditors",
  engineer: "engineering",
} as const;

const TAG_RULES: MatrixTagRule[] = [
  { key: "owner", allowedValues: [], environments: [] },
  { key: "cost-center", allowedValues: [], environments: [] },
  { key: "environment", allowedValues: ["prod", "staging", "dev", "sandbox", "shared"], environments: [] },
  {
    key: "data-classification",
    allowedValues: ["public", "internal", "confidential", "restricted"],
    environments: ["PROD", "STAGING"],
  },
];


interface UnitSpec {
  key: string;
  name: string;
  parent: string | null;
  /** Product code used in account names, and the team that runs the unit's accounts. */
  product?: string;
  team?: string;
  descriptors?: string[];
}

const UNIT_SPECS: UnitSpec[] = [
  { key: "root", name: "Root", parent: null },
  { key: "platform", name: "Platform", parent: "root" },
  { key: "core-infra", name: "Core Infrastructure", parent: "platform", product: "core", team: "platform-core", descriptors: ["network", "dns", "ci"] },
  { key: "shared-services", name: "Shared Services", parent: "platform", product: "shared", team: "platform-core", descriptors: ["logging", "registry"] },
  { key: "security", name: "Security", parent: "platform", product: "sec", team: "security-ops", descriptors: ["audit", "siem"] },
  { key: "payments", name: "Payments", parent: "root" },
  { key: "cards", name: "Cards", parent: "payments", product: "pay", team: "payments-cards", descriptors: ["cards", "issuing", "risk"] },
  { key: "wallet", name: "Wallet", parent: "payments", product: "wal", team: "payments-wallet", descriptors: ["wallet", "ledger"] },
  { key: "data", name: "Data", parent: "root" },
  { key: "analytics", name: "Analytics", parent: "data", product: "data", team: "data-analytics", descriptors: ["lake", "bi", "etl"] },
  { key: "ml", name: "Machine Learning", parent: "data", product: "ml", team: "data-ml", descriptors: ["train", "serve"] },
  { key: "sandbox", name: "Sandbox", parent: "root", product: "sbx", team: "developer-experience", descriptors: ["play", "lab", "poc"] },
];

const TEAM_NAMES: Record<string, string> = {
  "platform-core": "Platform Core",
  "security-ops": "Security Operations",
  "payments-cards": "Payments Cards",
  "payments-wallet": "Payments Wallet",
  "data-analytics": "Data Analytics",
  "data-ml": "Machine Learning",
  "developer-experience": "Developer Experience",
};

interface PersonSpec {
  key: string;
  name: string;
  groups: string[];
  team: string | null;
  active?: boolean;
}

/** The demo people; the local identity provider signs them in (see README, "Demo people"). */
const PEOPLE: PersonSpec[] = [
  { key: "priya", name: "Priya Nair", groups: [DEMO_GROUPS.engineer, DEMO_GROUPS.platformAdmin], team: "platform-core" },
  { key: "alex", name: "Alex Chen", groups: [DEMO_GROUPS.engineer, DEMO_GROUPS.approver], team: "platform-core" },
  { key: "sam", name: "Sam Okafor", groups: [DEMO_GROUPS.engineer, DEMO_GROUPS.approver], team: "platform-core" },
  { key: "mei", name: "Mei Tan", groups: [DEMO_GROUPS.engineer, DEMO_GROUPS.security], team: "security-ops" },
  { key: "jordan", name: "Jordan Lee", groups: [DEMO_GROUPS.auditor], team: null },
  { key: "dana", name: "Dana Wright", groups: [DEMO_GROUPS.engineer], team: "payments-cards" },
  { key: "luis", name: "Luis Garcia", groups: [DEMO_GROUPS.engineer], team: "payments-wallet" },
  { key: "aisha", name: "Aisha Rahman", groups: [DEMO_GROUPS.engineer], team: "data-analytics" },
  { key: "kenji", name: "Kenji Sato", groups: [DEMO_GROUPS.engineer], team: "data-ml" },
  { key: "fatima", name: "Fatima Zahra", groups: [DEMO_GROUPS.engineer], team: "developer-experience" },
  { key: "tom", name: "Tom Becker", groups: [DEMO_GROUPS.engineer], team: "platform-core" },
  { key: "nora", name: "Nora Lind", groups: [DEMO_GROUPS.engineer], team: "security-ops" },
  // Left the company: still an owner of record, which makes their accounts orphaned.
  { key: "victor", name: "Victor Hale", groups: [DEMO_GROUPS.engineer], team: "payments-cards", active: false },
];

/** Owners (by person key) of each team's accounts: the first is the usual primary owner. */
const TEAM_OWNERS: Record<string, string[]> = {
  "platform-core": ["tom", "priya"],
  "security-ops": ["nora", "mei"],
  "payments-cards": ["dana", "victor"],
  "payments-wallet": ["luis", "dana"],
  "data-analytics": ["aisha", "kenji"],
  "data-ml": ["kenji", "aisha"],
  "developer-experience": ["fatima", "tom"],
};

const ENVIRONMENT_CYCLE: Environment[] = ["PROD", "STAGING", "DEV", "PROD", "SANDBOX", "DEV", "STAGING", "SHARED"];
const CLASSIFICATIONS: DataClassification[] = ["PUBLIC", "INTERNAL", "CONFIDENTIAL", "RESTRICTED"];

/** mulberry32: a tiny, fast, well-distributed PRNG; good enough for demo data. */
function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (maxExclusive: number) => Math.floor(next() * maxExclusive),
    chance: (probability: number) => next() < probability,
    pick<T>(items: readonly T[]): T {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new Error("pick() from an empty list");
      return item;
    },
  };
}

function at<T>(items: readonly T[], index: number): T {
  const item = items[index % items.length];
  if (item === undefined) throw new Error("index into an empty list");
  return item;
}

function pad(n: number, width: number) {
  return String(n).padStart(width, "0");
}

export function generateMatrix({ accounts: accountCount, seed = DEFAULT_SEED }: MatrixOptions): MatrixSnapshot {
  if (!Number.isInteger(accountCount) || accountCount < 0) throw new Error("accounts must be a whole number ≥ 0");
  const random = createRandom(seed);

  const units: MatrixUnit[] = [];
  const unitByKey = new Map<string, MatrixUnit>();
  UNIT_SPECS.forEach((spec, index) => {
    const id = `unit_${spec.key}`;
    const parent = spec.parent ? unitByKey.get(spec.parent) : undefined;
    const unit: MatrixUnit = {
      id,
      parentId: parent?.id ?? null,
      name: spec.name,
      tencentNodeId: 100_000 + index,
      path: `${parent?.path ?? "/"}${id}/`,
    };
    units.push(unit);
    unitByKey.set(spec.key, unit);
  });

  const teams: MatrixTeam[] = Object.entries(TEAM_NAMES).map(([slug, name]) => ({ id: `team_${slug}`, slug, name }));

  const users: MatrixUser[] = PEOPLE.map((person) => ({
    id: `user_${person.key}`,
    subject: `demo-${person.key}`,
    email: `${person.key}@lattice.example`,
    name: person.name,
    groups: person.groups,
    teamId: person.team ? `team_${person.team}` : null,
    active: person.active ?? true,
  }));

  const accountUnits = UNIT_SPECS.filter((spec) => spec.product);
  const accounts: MatrixAccount[] = [];
  const usedNames = new Set<string>();
  for (let i = 0; i < accountCount; i++) {
    const spec = at(accountUnits, i);
    const unit = unitByKey.get(spec.key);
    if (!unit || !spec.product || !spec.team || !spec.descriptors) throw new Error(`unit spec ${spec.key} is incomplete`);
    const environment: Environment = spec.key === "sandbox" ? "SANDBOX" : at(ENVIRONMENT_CYCLE, i + Math.floor(i / accountUnits.length));
    const region = at(REGIONS, i * 3 + Math.floor(i / REGIONS.length));
    let name = `${spec.product}-${environmentCode(environment)}-${region.code}-${at(spec.descriptors, Math.floor(i / accountUnits.length))}`;
    // Large matrices repeat the same combinations: a numeric suffix keeps names unique and ≤ 25 characters.
    if (usedNames.has(name)) name = `${name.slice(0, 19)}-${pad(i, 5)}`;
    usedNames.add(name);

    const secondRegion = random.chance(0.35) ? at(REGIONS, i * 3 + 1) : undefined;
    const regions = secondRegion && secondRegion.id !== region.id ? [region.id, secondRegion.id] : [region.id];
    const dataClassification =
      environment === "PROD" ? random.pick(CLASSIFICATIONS.slice(1)) : random.pick(CLASSIFICATIONS.slice(0, 2));
    const costCenter = `CC-${pad(1000 + accountUnits.indexOf(spec) * 10 + (i % 3), 4)}`;

    // About one in fourteen accounts is unmanaged: created outside Lattice, with no owner of record.
    const unmanaged = i % 14 === 13;
    const status: AccountStatus = unmanaged ? "UNMANAGED" : i % 23 === 22 ? "SUSPENDED" : "ACTIVE";
    const ownerKeys = TEAM_OWNERS[spec.team] ?? [];
    const owners = unmanaged
      ? []
      : ownerKeys
          .slice(0, random.chance(0.7) ? 2 : 1)
          .map((key, index) => ({ userId: `user_${key}`, role: index === 0 ? ("PRIMARY" as const) : ("SECONDARY" as const) }));

    const primaryOwner = users.find((user) => user.id === owners[0]?.userId);
    const tags = [
      { key: "owner", value: primaryOwner?.email ?? "" },
      { key: "cost-center", value: costCenter },
      { key: "environment", value: environmentSlug(environment) },
      { key: "data-classification", value: dataClassification.toLowerCase() },
      { key: "team", value: spec.team },
    ].filter((tag) => {
      if (tag.value === "") return false;
      // Realistic gaps: some accounts miss a required tag.
      if (tag.key === "cost-center") return !random.chance(0.15);
      if (tag.key === "data-classification") return !random.chance(0.2);
      return true;
    });
    // …and a few carry a value the policy does not allow.
    if (random.chance(0.08)) {
      const envTag = tags.find((tag) => tag.key === "environment");
      if (envTag) envTag.value = environment === "PROD" ? "production" : "test";
    }

    const ageDays = 30 + random.int(700);
    const createdAt = new Date(EPOCH - ageDays * DAY_MS);
    // Most accounts were active recently; some have been dormant for months.
    const idleDays = random.chance(0.15) ? 90 + random.int(200) : random.int(20);
    accounts.push({
      id: `acct_${pad(i + 1, 6)}`,
      unitId: unit.id,
      teamId: unmanaged ? null : `team_${spec.team}`,
      memberUin: String(200_000_000_000 + i + 1),
      name,
      environment,
      status,
      regions,
      costCenter: tags.some((tag) => tag.key === "cost-center") ? costCenter : null,
      dataClassification,
      businessUnit: unitByKey.get(spec.parent ?? "")?.name ?? spec.name,
      createdAt,
      lastActivityAt: idleDays > ageDays ? null : new Date(EPOCH - idleDays * DAY_MS),
      owners,
      tags,
    });
  }

  return {
    organization: {
      id: "org_demo",
      tencentOrgId: "45001",
      managementUin: "100000000001",
      name: "Lattice Demo Organization",
    },
    units,
    teams,
    users,
    accounts,
    namingTemplate: NAMING_TEMPLATE,
    tagRules: TAG_RULES,
  };
}
