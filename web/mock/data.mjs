// Fake rows for the dev mock: a county bureau (巧家县), a station in 温州,
// an enterprise, a few dozen workers. Invented people; ID numbers carry a
// valid GB 11643 checksum so the console's checks pass.
import * as div from './divisions.mjs'

const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
export function idNumber(region6, birth, seq, male) {
  let body = region6 + birth.replaceAll('-', '') + String(seq).padStart(2, '0') + String(male ? 1 : 2)
  body = body.slice(0, 17)
  let sum = 0
  for (let i = 0; i < 17; i++) sum += Number(body[i]) * W[i]
  return body + '10X98765432'[sum % 11]
}

const CREDIT = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const CW = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
export function creditCodeValid(code) {
  const v = String(code).toUpperCase()
  if (!/^[0-9A-HJ-NPQRTUW-Y]{18}$/.test(v)) return false
  let sum = 0
  for (let i = 0; i < 17; i++) sum += CREDIT.indexOf(v[i]) * CW[i]
  return CREDIT[(31 - (sum % 31)) % 31] === v[17]
}
function creditCode(prefix17) {
  let sum = 0
  for (let i = 0; i < 17; i++) sum += CREDIT.indexOf(prefix17[i]) * CW[i]
  return prefix17 + CREDIT[(31 - (sum % 31)) % 31]
}

export const occupations = [
  { code: '6', name: '生产制造及有关人员', level: 1, parent: null },
  { code: '6-04', name: '纺织、针织、印染人员', level: 2, parent: '6' },
  { code: '6-04-02-01', name: '纺纱工', level: 4, parent: '6-04' },
  { code: '6-05', name: '纺织品、服装和皮革、毛皮制品加工制作人员', level: 2, parent: '6' },
  { code: '6-05-01-01', name: '服装制版师', level: 4, parent: '6-05' },
  { code: '6-05-02-02', name: '缝纫工', level: 4, parent: '6-05' },
  { code: '6-05-04-01', name: '制鞋工', level: 4, parent: '6-05' },
  { code: '6-25', name: '计算机、通信和其他电子设备制造人员', level: 2, parent: '6' },
  { code: '6-25-02-06', name: '电子元器件装配工', level: 4, parent: '6-25' },
  { code: '6-25-04-02', name: '光电器件制造工', level: 4, parent: '6-25' },
  { code: '6-29', name: '建筑施工人员', level: 2, parent: '6' },
  { code: '6-29-01-01', name: '砌筑工', level: 4, parent: '6-29' },
  { code: '6-29-01-03', name: '钢筋工', level: 4, parent: '6-29' },
  { code: '6-29-01-04', name: '架子工', level: 4, parent: '6-29' },
  { code: '6-29-03-01', name: '电焊工', level: 4, parent: '6-29' },
  { code: '6-30', name: '运输设备和通用工程机械操作人员', level: 2, parent: '6' },
  { code: '6-30-05-01', name: '叉车司机', level: 4, parent: '6-30' },
  { code: '4', name: '社会生产服务和生活服务人员', level: 1, parent: null },
  { code: '4-03-02-01', name: '中式烹调师', level: 4, parent: '4' },
  { code: '4-03-02-05', name: '餐厅服务员', level: 4, parent: '4' },
  { code: '4-10-01-01', name: '保育员', level: 4, parent: '4' },
  { code: '4-10-01-06', name: '养老护理员', level: 4, parent: '4' },
  { code: '4-02-06-03', name: '快递员', level: 4, parent: '4' },
  { code: '4-07-03-04', name: '保安员', level: 4, parent: '4' },
  { code: '6-24-01-01', name: '玩具制作工', level: 4, parent: '6' },
]
const occName = (c) => occupations.find((o) => o.code === c)?.name ?? c

export const industries = [
  { code: 'C', name: '制造业', level: 1, parent: null },
  { code: 'C18', name: '纺织服装、服饰业', level: 2, parent: 'C' },
  { code: 'C19', name: '皮革、毛皮、羽毛及其制品和制鞋业', level: 2, parent: 'C' },
  { code: 'C24', name: '文教、工美、体育和娱乐用品制造业', level: 2, parent: 'C' },
  { code: 'C39', name: '计算机、通信和其他电子设备制造业', level: 2, parent: 'C' },
  { code: 'E', name: '建筑业', level: 1, parent: null },
  { code: 'E47', name: '房屋建筑业', level: 2, parent: 'E' },
  { code: 'H', name: '住宿和餐饮业', level: 1, parent: null },
  { code: 'H62', name: '餐饮业', level: 2, parent: 'H' },
  { code: 'O', name: '居民服务、修理和其他服务业', level: 1, parent: null },
]
const indName = (c) => industries.find((i) => i.code === c)?.name ?? c

export const orgs = [
  { id: 1, parent_id: null, type: 'platform', name: '东西部劳务协作平台', region_code: '', home_region_code: null, city_code: null },
  { id: 2, parent_id: 1, type: 'province', name: '云南省人力资源和社会保障厅', region_code: '530000', home_region_code: null, city_code: null },
  { id: 3, parent_id: 2, type: 'city', name: '昭通市人力资源和社会保障局', region_code: '530600', home_region_code: null, city_code: null },
  { id: 4, parent_id: 3, type: 'county_bureau', name: '巧家县人力资源和社会保障局', region_code: '530622', home_region_code: null, city_code: null },
  { id: 5, parent_id: 4, type: 'township', name: '大寨镇劳动保障所', region_code: '530622102', home_region_code: null, city_code: null },
  { id: 6, parent_id: 3, type: 'station', name: '昭通驻温州劳务协作工作站', region_code: '330300', home_region_code: '530600', city_code: '330300' },
  { id: 7, parent_id: 1, type: 'receiving_bureau', name: '江门市蓬江区人力资源和社会保障局', region_code: '440703', home_region_code: null, city_code: null },
  { id: 8, parent_id: 7, type: 'enterprise', name: '江门市蓬江区华达玩具有限公司', region_code: '440703', home_region_code: null, city_code: null },
  { id: 9, parent_id: 1, type: 'community', name: '宝华工业社区服务中心', region_code: '440703', home_region_code: null, city_code: null },
].map((o) => ({ ...o, region_name: o.region_code ? div.fullName(o.region_code) : '' }))

export const pairs = [
  { id: 1, exporting_region_code: '530600', receiving_region_code: '330300' },
  { id: 2, exporting_region_code: '451400', receiving_region_code: '440700' },
  { id: 3, exporting_region_code: '520600', receiving_region_code: '330300' },
].map((p) => ({ ...p, exporting_name: div.fullName(p.exporting_region_code), receiving_name: div.fullName(p.receiving_region_code) }))

const user = (id, username, display_name, role, org_id, password) => {
  const org = orgs.find((o) => o.id === org_id)
  return {
    id, username, display_name, role, org_id, org_name: org.name,
    region_code: org.region_code, region_name: org.region_name, password, locked: false,
    last_login_at: '2026-10-30T01:12:00Z',
  }
}
export const users = [
  user(1, 'admin', '系统管理员', 'admin', 1, 'xiezuo-admin'),
  user(2, 'qiaojia', '李文华', 'county_officer', 4, 'xiezuo-demo'),
  user(3, 'dazhai', '王国强', 'village_officer', 5, 'xiezuo-demo'),
  user(4, 'wenzhou', '陈建军', 'station_officer', 6, 'xiezuo-demo'),
  user(5, 'huada', '周丽', 'enterprise_hr', 8, 'xiezuo-demo'),
  user(6, 'pengjiang', '黄志明', 'receiving_officer', 7, 'xiezuo-demo'),
]
users[4].last_login_at = null
users[2].locked = true

const TOWNS = ['530622102', '530622103', '530622104', '530622105', '530622106', '530622108', '530622110', '530622203']
const SURNAMES = ['张', '李', '王', '杨', '刘', '陈', '赵', '罗', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭']
const GIVEN_M = ['国平', '永富', '建华', '文兵', '志刚', '德明', '海军', '正才', '光荣', '金山']
const GIVEN_F = ['秀英', '丽华', '桂芳', '玉兰', '春梅', '晓燕', '明芬', '兰英', '小芳', '翠花']
const CATS = ['poverty_alleviated', 'relocated', 'general', 'poverty_alleviated', 'disabled', 'general', 'relocated', 'poverty_alleviated']
const STATUS = ['available', 'placed', 'available', 'not_seeking', 'placed', 'available']
const OCCS = [['6-25-02-06'], ['6-29-01-01', '6-29-01-03'], ['6-05-02-02'], ['4-10-01-06'], ['6-05-04-01', '6-24-01-01'], ['4-03-02-01'], ['6-30-05-01'], []]
const WANT = [['330300'], ['441900', '440700'], ['330200'], [], ['330300', '330200'], ['530100']]

function seeded(n) {
  let x = (n * 7919 * 104729) % 233280
  return () => ((x = (x * 9301 + 49297) % 233280) / 233280)
}

export const workers = []
for (let i = 0; i < 47; i++) {
  const r = seeded(i + 1)
  const male = r() > 0.45
  const name = SURNAMES[Math.floor(r() * SURNAMES.length)] + (male ? GIVEN_M : GIVEN_F)[Math.floor(r() * 10)]
  const year = 1968 + Math.floor(r() * 36)
  const birth = `${year}-${String(1 + Math.floor(r() * 12)).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`
  const region = TOWNS[i % TOWNS.length]
  const occ = OCCS[i % OCCS.length]
  const want = WANT[i % WANT.length]
  const hasPhone = i % 7 !== 3
  workers.push({
    id: 1001 + i,
    name,
    sex: male ? 'M' : 'F',
    birth_date: birth,
    age: 2026 - year,
    id_number: idNumber('530622', birth, 10 + (i % 80), male),
    phone: hasPhone ? `1${[3, 5, 8, 9][i % 4]}${String(Math.floor(r() * 1e9)).padStart(9, '0')}` : null,
    region_code: region,
    region_name: div.fullName(region),
    category: CATS[i % CATS.length],
    status: STATUS[i % STATUS.length],
    occupations: occ,
    occupation_names: occ.map(occName),
    wanted_regions: want,
    wanted_region_names: want.map((c) => div.name(c)),
    local_only: want.length === 0,
    wage_floor: i % 5 === 4 ? null : 3500 + (i % 6) * 500,
    family_needs: { children: i % 3 === 0, elderly: i % 4 === 1, disability: CATS[i % 8] === 'disabled', couple: i % 5 === 2, work_from_home: i % 11 === 5 },
    skills: i % 3 === 0 ? ['电焊证', '驾驶证 C1'] : i % 3 === 1 ? ['缝纫'] : [],
    training_wanted: i % 4 === 0 ? '电工' : null,
    leave_date: i % 2 === 0 ? '2027-02-20' : null,
    notes: i === 0 ? '春节返乡登记，节后随专列赴温州。' : null,
    updated_at: new Date(Date.UTC(2026, 9, 1 + (i % 28), 2 + (i % 10), 15)).toISOString(),
    version: 1,
  })
}

export const enterprises = [
  ['江门市蓬江区华达玩具有限公司', '914407035555666', 'C24', '440703', '周丽', false],
  ['温州市鹿城区瓯江鞋业有限公司', '913303027788123', 'C19', '330302', '林海', false],
  ['宁波甬光光电科技有限公司', '913302016655443', 'C39', '330203', '郑伟', false],
  ['东莞市长安精密电子有限公司', '914419001234567', 'C39', '441900', '何敏', false],
  ['温州市龙湾区永兴服饰有限公司', '913303033344556', 'C18', '330303', '叶青', true],
  ['昆明滇建建筑劳务有限公司', '915301009988776', 'E47', '530102', '段强', false],
].map(([name, prefix, ind, region, contact, blacklisted], i) => ({
  id: 201 + i,
  name,
  credit_code: creditCode(prefix + 'A' + String(i)),
  credit_code_warning: null,
  region_code: region,
  region_name: div.fullName(region),
  industry_code: ind,
  industry_name: indName(ind),
  contact_name: contact,
  blacklisted,
  postings_count: 0,
}))
enterprises[5].credit_code = '91530100MA6K7XYZ1Q'
enterprises[5].credit_code_warning = { zh: '信用代码校验未通过，已由 陈建军 核实营业执照后保留。', en: 'Checksum failed; kept after a licence check by 陈建军.' }

const P = [
  [201, '玩具厂普工', '6-24-01-01', '440703', 60, 4800, 6500, 'monthly', true, true, 6, 'published'],
  [202, '制鞋工（熟手优先）', '6-05-04-01', '330302', 35, 5500, 8000, 'piece', true, true, 8, 'published'],
  [203, '光电器件操作工', '6-25-04-02', '330203', 80, 5200, 6800, 'monthly', true, true, 4, 'verified'],
  [204, '电子装配工（长白班）', '6-25-02-06', '441900', 120, 22, 26, 'hourly', false, true, 6, 'submitted'],
  [206, '钢筋工', '6-29-01-03', '530102', 20, 7000, 9500, 'monthly', false, false, null, 'published'],
  [203, '叉车司机', '6-30-05-01', '330203', 6, 6000, 7500, 'monthly', true, true, 4, 'draft'],
  [202, '缝纫工', '6-05-02-02', '330302', 40, 5000, 7000, 'piece', true, true, 8, 'expired'],
]
export const postings = P.map(([eid, title, occ, region, openings, min, max, pay, board, lodging, dorm, status], i) => ({
  id: 301 + i,
  enterprise_id: eid,
  enterprise_name: enterprises.find((e) => e.id === eid).name,
  title,
  occupation_code: occ,
  occupation_name: occName(occ),
  region_code: region,
  region_name: div.fullName(region),
  openings,
  wage_min: min,
  wage_max: max,
  pay_type: pay,
  board,
  lodging,
  dorm_size: dorm,
  status,
  valid_until: status === 'expired' ? '2026-09-30' : '2026-12-31',
  description: '长白班，每天 8 小时，月休 4 天；入职即缴五险；宿舍配空调、热水，需自带被褥。',
}))
for (const e of enterprises) e.postings_count = postings.filter((p) => p.enterprise_id === e.id).length

export const audit = []
let auditId = 1
export function record(u, action, object, result = 'ok') {
  audit.unshift({ id: auditId++, at: new Date().toISOString(), user_id: u?.id ?? null, username: u?.username ?? '-', action, object, result })
}
for (let i = 0; i < 30; i++) {
  const u = users[i % 5]
  audit.push({ id: auditId++, at: new Date(Date.UTC(2026, 9, 30, 9 - (i % 9), 59 - i)).toISOString(), user_id: u.id, username: u.username,
    action: ['login', 'worker.view', 'worker.reveal', 'worker.export', 'posting.create'][i % 5],
    object: ['session', 'worker/1003', 'worker/1007', 'workers?region=530622', 'posting/305'][i % 5], result: i % 9 === 4 ? 'denied' : 'ok' })
}
export { occName, indName }
