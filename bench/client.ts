/**
 * A small HTTP client for scripts that drive a running platform (benchmarks, fault tests): signs in like a
 * browser (session cookie + CSRF token) and builds dossier bodies from the published procedure data.
 */
export type Session = { cookie: string; csrf: string };

function cookiesOf(response: Response): string[] {
  return response.headers.getSetCookie().map((c) => c.split(';')[0] ?? '');
}

/** Signs in and returns the headers every later request needs. */
export async function signIn(baseUrl: string, username: string, password: string): Promise<Session> {
  const csrfResponse = await fetch(`${baseUrl}/api/v1/auth/csrf`);
  const csrfCookies = cookiesOf(csrfResponse);
  const { token } = (await csrfResponse.json()) as { token: string };
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: csrfCookies.join('; '), 'x-csrf-token': token },
    body: JSON.stringify({ username, password }),
  });
  if (!login.ok) {
    throw new Error(`sign-in as ${username} failed: ${login.status} ${await login.text()}`);
  }
  return { cookie: [...csrfCookies, ...cookiesOf(login)].join('; '), csrf: token };
}

export function sessionHeaders(session: Session): Record<string, string> {
  return { cookie: session.cookie, 'x-csrf-token': session.csrf, 'content-type': 'application/json' };
}

type ProcedureDetail = {
  id: string;
  current: { components: { code: string; isRequired: boolean }[]; fees: { code: string; amount: number }[] };
};

/** A counter-reception body for a procedure at a unit: every required component on paper, fees paid. */
export async function counterBodyFor(
  baseUrl: string,
  procedureQuery: string,
  unitCode: string,
  applicantName = 'Lò Văn Thử',
): Promise<object> {
  const found = (await (
    await fetch(`${baseUrl}/api/v1/procedures?q=${encodeURIComponent(procedureQuery)}&limit=1`)
  ).json()) as { items: { id: string }[] };
  const procedureId = found.items[0]?.id;
  const units = (await (await fetch(`${baseUrl}/api/v1/units?q=${unitCode}`)).json()) as { items: { id: string }[] };
  const unitId = units.items[0]?.id;
  if (!procedureId || !unitId) {
    throw new Error(`no procedure "${procedureQuery}" or unit ${unitCode}`);
  }
  const detail = (await (await fetch(`${baseUrl}/api/v1/procedures/${procedureId}`)).json()) as ProcedureDetail;
  return {
    procedureId,
    receivingUnitId: unitId,
    applicant: { kind: 'citizen', fullName: applicantName, personalId: '010095001234', phone: '0912345678' },
    components: detail.current.components.filter((c) => c.isRequired).map((c) => ({ code: c.code, files: [], paper: true })),
    fees: detail.current.fees.map((f) => ({ code: f.code, amount: f.amount })),
    feesPaid: true,
  };
}
