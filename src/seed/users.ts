import type { Role } from '../platform/auth/permissions.ts';
import type { Tx } from '../platform/db/database.ts';
import { newId } from '../platform/ids.ts';
import { hashPassword } from '../modules/people/passwords.ts';
import type { SeededAgencies } from './agencies.ts';
import type { SeededUnits } from './units.ts';

/** The password of every demo account (README). Demo data only: real tenants start from `egov users create-admin`. */
export const DEMO_PASSWORD = 'LaoCai@2025!';

/** The commune whose desk the demo officers work at: Phường Lào Cai. */
export const DEMO_COMMUNE_CODE = '02647';

type DemoStaff = {
  username: string;
  fullName: string;
  email: string;
  /** 'province' or a commune code. */
  unit: 'province' | string;
  grants: { role: Role; agency?: string; includesSubUnits: boolean }[];
};

export const DEMO_STAFF: readonly DemoStaff[] = [
  { username: 'quantri', fullName: 'Nguyễn Văn Quản', email: 'quantri@laocai.gov.vn', unit: 'province', grants: [{ role: 'admin', includesSubUnits: true }] },
  { username: 'vanthu.ubnd', fullName: 'Lê Thị Thư', email: 'vanthu@laocai.gov.vn', unit: 'province', grants: [{ role: 'clerk', agency: 'vp-ubnd', includesSubUnits: false }] },
  { username: 'chuyenvien.tuphap', fullName: 'Trần Minh Chuyên', email: 'chuyenvien.stp@laocai.gov.vn', unit: 'province', grants: [{ role: 'specialist', agency: 'tu-phap', includesSubUnits: false }] },
  { username: 'lanhdao.tuphap', fullName: 'Phạm Quốc Đạo', email: 'lanhdao.stp@laocai.gov.vn', unit: 'province', grants: [{ role: 'leader', agency: 'tu-phap', includesSubUnits: false }] },
  { username: 'motcua.phuonglaocai', fullName: 'Hoàng Thị Mai', email: 'motcua.plc@laocai.gov.vn', unit: DEMO_COMMUNE_CODE, grants: [{ role: 'one_stop_officer', agency: 'one-stop', includesSubUnits: false }] },
  { username: 'quantri.phuonglaocai', fullName: 'Vũ Đức Trị', email: 'quantri.plc@laocai.gov.vn', unit: DEMO_COMMUNE_CODE, grants: [{ role: 'admin', includesSubUnits: true }] },
];

/** Creates the demo staff and one demo citizen, all with DEMO_PASSWORD. */
export async function seedDemoUsers(trx: Tx, units: SeededUnits, agencies: SeededAgencies): Promise<number> {
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const demoCommune = units.communes.get(DEMO_COMMUNE_CODE);
  const demoCommuneAgencies = agencies.communes.get(DEMO_COMMUNE_CODE);
  if (!demoCommune || !demoCommuneAgencies) {
    throw new Error(`demo commune ${DEMO_COMMUNE_CODE} is missing from the unit data`);
  }
  for (const staff of DEMO_STAFF) {
    const unitId = staff.unit === 'province' ? units.province.id : demoCommune.id;
    const userId = newId();
    await trx
      .insertInto('users')
      .values({ id: userId, kind: 'staff', username: staff.username, full_name: staff.fullName, email: staff.email, password_hash: passwordHash, home_unit_id: unitId, email_verified_at: new Date() })
      .execute();
    for (const grant of staff.grants) {
      const agencyId =
        grant.agency === 'one-stop' ? demoCommuneAgencies.oneStopId : grant.agency ? (agencies.byKey.get(grant.agency) ?? null) : null;
      await trx
        .insertInto('role_grants')
        .values({ id: newId(), user_id: userId, role: grant.role, unit_id: unitId, agency_id: agencyId, includes_sub_units: grant.includesSubUnits })
        .execute();
    }
  }
  await trx
    .insertInto('users')
    .values({ id: newId(), kind: 'citizen', full_name: 'Giàng A Páo', email: 'congdan@example.vn', phone: '0912345678', personal_id: '010095001234', password_hash: passwordHash, home_unit_id: null, email_verified_at: new Date() })
    .execute();
  return DEMO_STAFF.length + 1;
}
