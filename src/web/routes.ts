import { type RouteConfig, index, route } from '@react-router/dev/routes';

/** Page addresses are Vietnamese, as readers type and share them. */
export default [
  index('routes/home.tsx'),
  route('dang-nhap', 'routes/sign-in.tsx'),
  route('dang-xuat', 'routes/sign-out.tsx'),
  route('quen-mat-khau', 'routes/forgot-password.tsx'),
  route('dat-lai-mat-khau', 'routes/reset-password.tsx'),
  route('tai-khoan', 'routes/account.tsx'),
  route('ngon-ngu', 'routes/language.tsx'),
  route('giam-sat', 'routes/supervision.tsx'),
  route('van-ban/:direction/:id', 'routes/document.tsx'),
  route('mot-cua', 'routes/one-stop/queue.tsx'),
  route('mot-cua/tiep-nhan', 'routes/one-stop/receive.tsx'),
  route('mot-cua/ho-so/:id', 'routes/one-stop/dossier.tsx'),
  route('quan-tri', 'routes/admin/layout.tsx', [
    index('routes/admin/index.tsx'),
    route('don-vi', 'routes/admin/units.tsx'),
    route('don-vi/them', 'routes/admin/unit-new.tsx'),
    route('don-vi/:id', 'routes/admin/unit.tsx'),
    route('don-vi/:id/sua', 'routes/admin/unit-edit.tsx'),
    route('co-quan', 'routes/admin/agencies.tsx'),
    route('co-quan/them', 'routes/admin/agency-new.tsx'),
    route('co-quan/:id', 'routes/admin/agency.tsx'),
    route('co-quan/:id/sua', 'routes/admin/agency-edit.tsx'),
    route('nguoi-dung', 'routes/admin/users.tsx'),
    route('nguoi-dung/them', 'routes/admin/user-new.tsx'),
    route('nguoi-dung/:id', 'routes/admin/user.tsx'),
    route('nguoi-dung/:id/sua', 'routes/admin/user-edit.tsx'),
  ]),
  route('*', 'routes/not-found.tsx'),
] satisfies RouteConfig;
