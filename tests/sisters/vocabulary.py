"""The fictional world the sister reports are written about: institutions, teams,
projects, strategies, programs, audit demands, and the wordings of the genre that
differ from one institution to another (section titles, column headers, labels).

Nothing here is a real institution's figure or name; the words of the genre
(예산현액, 추진상황, …) are the council template's own. ``generate.py`` draws from
these lists; ``sdfkit/`` must never contain any of the fictional names.
"""

from __future__ import annotations

# Institutions: a Seoul-funded body's name ends in one of the genre's suffixes.
INSTITUTIONS = [
    "서울미래문화재단",
    "서울녹색도시공단",
    "서울청년일자리재단",
    "서울생활과학연구원",
    "서울공공디자인진흥원",
    "서울도시농업재단",
    "서울시민안전재단",
    "서울관광체육공사",
    "서울하천생태연구원",
    "서울공정상생재단",
    "서울평생학습진흥원",
    "서울돌봄복지재단",
]

TEAMS = [
    "기획예산팀",
    "경영지원팀",
    "사업운영팀",
    "시민협력팀",
    "연구조사팀",
    "교육홍보팀",
    "시설관리팀",
    "정보전략팀",
    "국제교류팀",
    "안전환경팀",
    "문화기획팀",
    "지역상생팀",
]
# The offices above the teams, as the organisation line prints them (1실 N팀).
OFFICES = ["1실", "2실", "1본부 1실", "1처"]

# Duties of teams that run no project: none of their words is in a project name.
ADMIN_DUTIES = [
    "경영평가",
    "예산편성",
    "인사관리",
    "이사회",
    "회계결산",
    "자산관리",
    "내부감사",
    "노무관리",
    "복무관리",
    "청사관리",
    "규정정비",
    "정보공개",
]

# Project names: pairwise dissimilar (character bigrams), none inside another, no
# digits, no word a column header uses (tests/test_sisters.py checks this).
PROJECTS = [
    "청년 창업공간 운영",
    "도시농업 텃밭 보급",
    "공공자전거 정비교실",
    "하천 생태계 모니터링",
    "노후 가로등 개선",
    "전통시장 온라인 판로개척",
    "어르신 건강걷기 동행",
    "다문화 가족 상담",
    "공원 야간 음악회",
    "빗물 재이용 시범",
    "마을 기록관 조성",
    "학교 숲 가꾸기",
    "골목상권 컨설팅",
    "시민 안전체험관",
    "장애인 여가스포츠",
    "청소년 진로탐색 캠프",
    "에너지 자립마을",
    "도심 양봉 교육",
    "수상레저 안전강습",
    "문화유산 야간해설",
    "반려동물 돌봄교실",
    "기후위기 시민강좌",
    "소규모 공방 인증",
    "지하보도 환경정비",
    "무더위 쉼터 확충",
    "역사 탐방 프로그램",
    "친환경 급식 지원",
    "재활용 선별장 견학",
    "생활체육 리그",
]
# Funds a multi-row project's 세부사업 lines are told apart by.
FUNDS = ["국비", "시비", "기금", "특별교부금"]
# Programs of the prior year with no budget this year (discontinued).
DISCONTINUED = [
    "구도심 벽화 그리기",
    "시민 사진 공모전",
    "옛 청사 활용 연구",
    "겨울철 썰매장",
    "외국인 관광 안내소",
    "주말 농부 장터",
    "거리 예술가 등록",
    "찾아가는 영화관",
]

STRATEGIES = [
    ("시민이 체감하는 생활환경 혁신", ["생활밀착형 공공서비스 확대", "지역 기반 협력체계 구축"]),
    ("지속가능한 도시 생태 기반 조성", ["탄소중립 실천 확산", "녹지와 물순환 회복"]),
    ("모두가 함께하는 포용 사회 실현", ["취약계층 맞춤형 지원 강화", "세대 간 교류 촉진"]),
    ("창의적 문화와 관광 활력 제고", ["지역 문화자원 발굴", "관광 콘텐츠 다변화"]),
    ("미래 세대를 위한 배움과 일자리", ["청년 역량 강화", "평생학습 기회 확대"]),
    ("안전하고 건강한 도시 만들기", ["재난 대응 역량 강화", "시민 건강 증진"]),
]
VISIONS = [
    "시민과 함께 여는 내일의 서울",
    "살기 좋은 도시를 만드는 든든한 동반자",
    "모두의 일상을 바꾸는 공공 혁신기관",
]
MISSIONS = [
    ["시민의 삶에 다가가는 공공서비스로", "서울시민 삶의 질 향상"],
    ["현장 중심의 사업과 연구를 통해", "도시의 지속가능성 제고"],
]

# A project's goal line, made from its name.
GOALS = [
    "{name} 사업을 통해 시민 참여를 넓히고 지역 활력을 높이는 기반 마련",
    "{name} 사업의 성과를 확산하여 시민이 체감하는 변화 창출",
    "현장 수요를 반영한 {name} 추진으로 공공서비스 품질 향상",
]
OVERVIEW = [
    "○ 대상 발굴 및 참여자 모집",
    "○ 전문기관 협력을 통한 운영 내실화",
    "○ 자치구 수요조사 기반 사업 대상지 선정",
    "○ 시민 의견 수렴을 위한 간담회 운영",
]
OVERVIEW_SUB = [
    "- 참여 대상 : 서울시민 누구나",
    "- 운영 방식 : 상시 접수 및 분기별 선정",
    "- 협력 기관 : 자치구, 관련 단체, 대학",
]
RESULTS = [
    "○ 참여자 모집 및 운영 완료",
    "○ 협력기관 업무협약 체결",
    "○ 중간 점검 및 만족도 조사 실시",
    "○ 현장 운영 및 결과 공유",
]
MILESTONES = [
    "운영 결과 보고",
    "성과 공유회 개최",
    "최종 점검 및 정산",
    "참여자 만족도 조사",
    "차년도 운영계획 수립",
    "하반기 프로그램 운영",
    "결과보고서 발간·배포",
    "협력기관 간담회",
]

# --- §Ⅴ: last year's audit -----------------------------------------------------

DEMANDS = [
    "사업의 성과지표가 투입 예산에 비해 구체적이지 못하므로 측정 가능한 지표를 마련하기 바람",
    "위탁 운영 사업의 관리감독이 미흡하므로 점검 체계를 강화할 것",
    "유사 사업 간 중복이 있으므로 사업 구조를 재정비하기 바람",
    "직원 채용 절차의 공정성을 높이기 위한 개선 방안을 마련할 것",
    "홍보비 집행이 계획과 다르게 이루어졌으므로 집행 기준을 준수하기 바람",
    "시민 참여 프로그램의 지역 편중을 해소하기 위한 대책이 필요함",
    "연구용역 결과의 활용도가 낮으므로 정책 반영 실적을 관리하기 바람",
    "시설 안전점검 결과에 따른 보수 조치를 조속히 완료할 것",
    "자문위원회가 형식적으로 운영되지 않도록 정기회의를 개최하기 바람",
    "기관 홈페이지의 정보 공개 항목을 확대할 것",
    "사업 예산의 이월이 반복되지 않도록 집행 계획을 정비하기 바람",
    "취약계층 대상 사업의 접근성을 높이기 위한 방안을 강구할 것",
]
DOCUMENT_DEMANDS = [
    "최근 3년간 위탁사업 계약 현황 자료 제출",
    "기관 조직 개편안 및 정원 변경 내역 제출",
    "홍보비 집행 세부 내역 자료 제출",
]
ACTIONS = [
    "◦ 관련 규정 개정 및 내부 지침 마련",
    "- 개정 내용 이사회 의결 및 전 직원 공유",
    "◦ 분기별 점검 회의 개최 및 결과 관리",
    "◦ 외부 전문가 자문을 거쳐 개선 방안 수립",
    "- 개선 방안에 따른 사업 구조 재편 추진",
    "◦ 성과지표 재설정 및 모니터링 체계 구축",
    "◦ 자치구별 참여 현황 분석 및 찾아가는 설명회 운영",
    "- 자료 제출 완료",
]
PLANS = [
    "◦ 차년도 사업계획에 개선 사항 반영",
    "◦ 하반기 중 추진 결과 점검 예정",
    "◦ 관계 부서 협의를 거쳐 연내 완료 예정",
]

# --- The genre's wordings that differ by institution ---------------------------

# Section titles: [kind] -> alternatives; the first is the bundled report's.
SECTION_TITLES = {
    "general": ["일 반 현 황", "기관 일반현황", "기관현황"],
    "strategy": ["정책목표 및 추진전략", "비전 및 추진전략", "경영목표 및 추진전략"],
    "projects": ["주 요 업 무 계 획", "주요업무 추진계획", "주요 사업 추진계획"],
    "budget": [
        "{year} 세입・세출예산 세부현황",
        "{year} 세입·세출 예산현황",
        "{year} 예산 집행현황",
    ],
    "audit": [
        "{year} 행정사무감사 처리결과",
        "{year} 행정사무감사 지적사항 처리결과",
        "{year}년도 행정사무감사 결과 조치현황",
    ],
}

# Audit categories: (summary label, title above the items, page header of the items).
AUDIT_CATEGORIES = [
    [
        (
            "시정· 처리요구사항",
            "시정· 처리 요구사항",
            "시정 및 처리 요구사항 조치결과 및 향후추진계획",
        ),
        ("건 의 사 항", "건 의 사 항", "건 의 사 항 조 치 결 과"),
        ("기타(자료제출 등)", "기 타 사 항", "자료제출 등 기타사항 조 치 결 과"),
    ],
    [
        ("시정요구", "시 정 요 구", "시정요구 조치결과"),
        ("처리요구", "처 리 요 구", "처리요구 조치결과"),
        ("건의사항", "건 의 사 항", "건의사항 조치결과"),
    ],
]
# Printed statuses, by normalised status: spacing and remarks vary ({yy}: the
# report's year in two digits).
STATUS_PRINTED = {
    "완료": ["완료", "조치완료", "완료(’{yy}.6.)", "제출 완료"],
    "추진 중": ["추진 중", "추진중", "추 진 중", "추진 중(80%)"],
    "검토 중": ["검토 중", "검토중", "검토 중(관계부서 협의)"],
    "미반영": ["미반영", "불수용"],
}
# Status words in no synonym list (the plant ``status_unknown``): read as no status,
# never guessed (미완료 is not 완료, nor 완료 예정 done).
UNKNOWN_STATUSES = ["보류", "유보", "해당 없음", "미완료", "완료 예정"]
# How an item's blocks are labelled: (demand prefix, status label, actions label,
# plan label).
AUDIT_LABELS = [
    ("○", "□ 추진상황 :", "□ 추진내용", "□ 향후계획"),
    ("① 요구사항 : ", "② 처리결과 :", "③ 조치내용", "④ 향후계획"),
    ("○ ", "□ 추진상황 :", "□ 조치결과", "□ 추진계획"),
]

# Budget categories: (personnel, operating, programs, reserve) on the expenditure side;
# the revenue side's groups. The first is the bundled report's.
EXPENDITURE_ITEMS = [
    ("인건비", "경비", "사업비", "예비비"),
    ("인건비", "기본경비", "사업비", "예비비"),
    ("인력운영비", "기본경비", "주요사업비", "예비비"),
]
REVENUE_ITEMS = [
    {
        "business": "사업수입",
        "own": "고유사업",
        "entrusted": "수탁사업",
        "surplus": "잉여금(이월금)수입",
        "net": "순세계잉여금",
        "grant": "서울시출연금",
        "other": None,
    },
    {
        "business": "사업수입",
        "own": "고유사업",
        "entrusted": "수탁사업",
        "surplus": "잉여금(이월금)수입",
        "net": "순세계잉여금",
        "grant": "서울시출연금",
        "other": ("기타수입", ["이자수입", "잡수입"]),
    },
    {
        "business": "사업수익",
        "own": "자체사업",
        "entrusted": "위탁사업",
        "surplus": "전년도이월금",
        "net": "순세계잉여금",
        "grant": "시출연금",
        "other": ("기타수입", ["이자수입"]),
    },
]

# The title above a project's budget execution table.
TABLE_TITLES = ["※ 예산집행 현황", "○ 예산 집행현황", "□ 예산현황", "< 예산 집행실적 >"]
