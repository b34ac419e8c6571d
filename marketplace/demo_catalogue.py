"""The demo catalogue for ``manage.py seed_demo``: a published solution for every one of the 60 solution
types, open needs from 20+ municipalities in the style of the plan's cases, partnership requests in
both directions, overseas needs in English and interests in every state. Idempotent (external ids)."""

from datetime import timedelta

from django.utils import timezone

from .demo import business_number_with_check_digit
from .models import (
    Interest,
    Membership,
    Municipality,
    Need,
    Organization,
    PartnershipRequest,
    Question,
    SavedSearch,
    Solution,
    SolutionField,
    SolutionType,
)
from .services import interest_accept, interest_decline, interest_invite, interest_propose, interest_respond
from .services.interests import interest_withdraw
from .services.listings import listing_save
from .services.questions import question_answer, question_ask, question_publish
from .services.saved_searches import saved_search_create

# Demo companies added to those of demo.py: (external id, name, English name, size, 9-digit BRN stem, 시도).
COMPANIES = [
    ("demo-org-smartmove", "스마트무브(주)", "SmartMove Co.", "sme", "211860421", "11"),
    ("demo-org-safecity", "세이프시티랩", "SafeCity Lab", "startup", "606810377", "26"),
    ("demo-org-ecogrid", "에코그리드(주)", "EcoGrid Inc.", "sme", "312860190", "44"),
    ("demo-org-healthon", "헬스온", "HealthOn", "startup", "305810644", "30"),
    ("demo-org-culturelink", "컬처링크", "CultureLink", "startup", "410870233", "29"),
    ("demo-org-logibot", "로지봇(주)", "LogiBot Corp.", "startup", "131860555", "28"),
    ("demo-org-databridge", "데이터브릿지(주)", "DataBridge Co., Ltd.", "sme", "214880912", "41"),
    ("demo-org-urbanworks", "어반웍스(주)", "UrbanWorks Corp.", "large", "101810777", "11"),
]
# Which demo companies supply each field (taken in turn).
FIELD_SUPPLIERS = {
    "ADM": ["demo-org-databridge"],
    "TRF": ["demo-org-parkingmate", "demo-org-smartmove", "demo-org-hanbit"],
    "HLT": ["demo-org-carebell", "demo-org-healthon"],
    "ENV": ["demo-org-greensense", "demo-org-ecogrid"],
    "SAF": ["demo-org-safecity", "demo-org-urbanworks"],
    "CUL": ["demo-org-culturelink"],
    "LOG": ["demo-org-logibot"],
    "PLT": ["demo-org-databridge", "demo-org-urbanworks"],
    "ETC": ["demo-org-urbanworks", "demo-org-databridge", "demo-org-parkingmate"],
}
# Hand-written solutions for the types the plan's cases turn on; other types get a generated one.
SOLUTIONS = {
    "TRF-07": ("빈자리알림 스마트 주차", "IoT 센서로 빈 주차면을 실시간 안내하고 주차장 공유를 중개합니다.",
               "전통시장·관광지 주변 **노상·노외 주차장**에 지자체 예산으로 센서를 설치하고, 시민 앱과 "
               "전광판으로 빈자리를 안내합니다.\n\n- 주차면별 점유 센서\n- 주차장 공유(학교·교회·상가)\n- 공영주차장 요금 연계"),
    "HLT-02": ("스마트 경로당 돌봄", "경로당에 건강측정·화상 프로그램을 넣어 어르신 건강을 관리합니다.",
               "**스마트 경로당**에서 혈압·혈당을 측정하고 보건소와 화상으로 연결합니다. 독거노인 안부 확인과 "
               "치매 예방 프로그램을 함께 운영합니다."),
    "HLT-01": ("AI 치매 조기 탐지", "대화형 AI 스피커로 독거노인의 인지 변화를 조기에 알립니다.",
               "홀몸 어르신 댁의 AI 스피커가 일상 대화를 분석해 치매 위험 신호를 보건소에 알립니다. 응급 호출과 "
               "복약 알림도 제공합니다."),
    "ENV-01": ("미세먼지 촘촘 측정망", "저가 센서 수백 개로 동네별 미세먼지(PM2.5) 지도를 만듭니다.",
               "버스정류장·학교 주변에 **PM2.5/PM10 센서**를 설치하고 데이터허브로 수집해 동 단위 미세먼지 지도와 "
               "알림을 제공합니다."),
    "SAF-03": ("전통시장 스마트 화재 감지", "아크·연기·온도 센서로 전통시장 화재를 초기에 감지합니다.",
               "점포별 전기 아크와 연기를 감지해 상인·소방서에 동시에 알립니다. 야간 무인 시간대에 특히 효과적입니다."),
    "LOG-02": ("우리동네 공공배달", "전통시장과 소상공인을 위한 수수료 낮은 공공배달 앱입니다.",
               "지자체가 운영하는 **공공배달** 플랫폼으로 전통시장 상인의 배달 주문과 지역화폐 결제를 지원합니다."),
    "ETC-09": ("전통시장 통합 안내 서비스", "전통시장 배달·주차·행사 정보를 한 앱에서 제공합니다.",
               "시장 안내 키오스크와 앱으로 점포 검색, 주차 안내, 배달 주문을 연결합니다."),
    "ENV-04": ("V2G 에너지 공유", "전기차 배터리로 공공건물의 피크 전력을 줄입니다.",
               "공공청사 주차장의 전기차를 양방향 충전기로 연결해 수소·신재생 에너지와 함께 피크 부하를 관리합니다."),
    "PLT-01": ("도시 데이터 허브", "NGSI-LD 표준 스마트시티 데이터허브 구축·운영 솔루션입니다.",
               "교통·환경·안전 데이터를 **NGSI-LD** 표준으로 수집·개방합니다. 스마트시티 데이터허브와 호환됩니다."),
}
# What each generated demo solution does, in a seller's words (the hand-written ones are in SOLUTIONS).
USES = {
    "ADM-01": "스마트폰에 담는 모바일 신분증으로 주민센터 방문 없이 본인 확인과 증명서 발급을 처리합니다.",
    "TRF-01": "버스 도착 예정 시각과 환승 정보를 정류장 안내기와 앱으로 실시간 알려 줍니다.",
    "TRF-02": "차량 블랙박스와 센서로 노면 파손·포트홀과 교통량을 모아 도로 보수 우선순위를 정합니다.",
    "TRF-03": "공유 자전거·전동킥보드·카셰어링을 한 앱에서 빌리고 반납하는 지역 공유 모빌리티입니다.",
    "TRF-04": "CCTV와 번호판 인식으로 소화전·교차로 불법주정차를 자동 단속하고 운전자에게 이동을 안내합니다.",
    "TRF-05": "주민이 앱·전화로 호출하면 AI가 경로를 짜서 데려다주는 농어촌 수요응답형 버스입니다.",
    "TRF-06": "교차로 신호를 교통량에 맞춰 실시간으로 바꿔 출퇴근 정체를 줄입니다.",
    "TRF-10": "정해진 노선을 도는 자율주행 셔틀로 교통이 불편한 신도시·관광지 주민을 실어 나릅니다.",
    "TRF-11": "AI가 교통 흐름을 예측해 신호 주기와 우회 경로를 최적화합니다.",
    "TRF-12": "도심항공교통(UAM) 버티포트 입지 분석과 운항 관제 시스템을 제공합니다.",
    "TRF-13": "냉난방 의자·공기청정기·도착 안내 화면을 갖춘 스마트 버스정류장으로 더위와 추위를 피하게 합니다.",
    "TRF-09": "어린이 보호구역 과속 경고와 보행자 감지 조명으로 통학길 교통사고를 줄입니다.",
    "TRF-08": "보행자를 감지해 운전자에게 경고하고 바닥 신호등으로 횡단보도 사고를 막습니다.",
    "HLT-03": "혈압·혈당을 집에서 재고 보건소 간호사가 원격으로 만성질환을 관리합니다.",
    "HLT-04": "낙상·심정지 같은 응급 상황을 감지해 119와 보호자에게 즉시 알리고 구급차를 부릅니다.",
    "HLT-05": "섬·산간 지역 보건진료소에 처방 의약품을 드론으로 보냅니다.",
    "HLT-06": "감염병 발열 감지와 방역 소독 기록을 지도 위에서 관리합니다.",
    "ENV-02": "쓰레기통 적재량 센서와 수거 경로 최적화로 넘치는 쓰레기통과 헛걸음 수거를 줄입니다.",
    "ENV-03": "수질·소음·악취 센서망으로 공단과 하천 주변 환경 오염을 상시 감시합니다.",
    "ENV-05": "공공건물과 주택 단지의 전력 수요를 분석해 냉난방비와 에너지 사용을 줄입니다.",
    "ENV-06": "에너지저장장치(ESS)로 태양광 전력을 저장했다가 피크 시간에 써 전력 부하를 낮춥니다.",
    "ENV-07": "태양광·지열로 운영하는 스마트팜으로 귀농 청년과 농가 소득을 돕습니다.",
    "ENV-08": "마을 태양광·풍력 발전과 주민 간 전력 거래로 에너지 자립 마을을 만듭니다.",
    "ENV-09": "공동주택·공공청사 전기차 급속·완속 충전기를 설치하고 충전 요금과 부하를 관리합니다.",
    "ENV-10": "수소연료전지 드론으로 산림·해안을 장시간 감시합니다.",
    "ENV-11": "학교와 주민을 위한 탄소중립·기후 환경교육 프로그램과 체험 키트입니다.",
    "SAF-01": "교량·옹벽·지하차도 센서와 관제로 침수·지진·붕괴 위험을 미리 알리고 시설 안전을 점검합니다.",
    "SAF-02": "드론이 하천·해안·산을 순찰하며 수난 사고와 산불, 실종자를 찾아 관제센터에 영상을 보냅니다.",
    "SAF-04": "CCTV 음성 인식으로 비명과 위급 상황을 감지해 경찰에 알리는 방범 관제입니다.",
    "SAF-05": "산업단지의 가스 누출과 유해 화학물질을 감지해 주민에게 대피를 알립니다.",
    "SAF-06": "공사장 작업자 위치와 추락 위험을 감지해 중대재해를 예방합니다.",
    "SAF-07": "가로등·CCTV·비상벨·와이파이를 하나로 묶은 스마트폴입니다.",
    "CUL-01": "문화유산과 관광지를 AR/VR 실감 콘텐츠로 체험하게 합니다.",
    "CUL-02": "관광객 혼잡도와 관광지·축제 정보를 실시간으로 안내해 방문객을 분산합니다.",
    "CUL-03": "도서관·전시장·공연장을 예약하고 무인으로 운영하는 생활문화 공간 솔루션입니다.",
    "CUL-04": "역과 관광지에 짐과 택배를 맡기는 무인 물품 보관함입니다.",
    "LOG-01": "섬과 산간 마을에 생필품을 드론으로 배송합니다.",
    "LOG-03": "전기 화물차와 공동 물류센터로 도심 배송의 탄소와 소음을 줄입니다.",
    "LOG-04": "전통시장과 관광지에서 짐을 대신 싣고 따라오는 자율주행 로봇 카트입니다.",
    "PLT-02": "시민이 동의한 개인 데이터로 맞춤형 복지·교통 서비스를 추천하는 마이데이터 플랫폼입니다.",
    "PLT-03": "흩어진 시민 서비스를 하나의 앱으로 연결하는 통합 서비스 플랫폼입니다.",
    "PLT-04": "교통·방범·재난 영상과 센서를 통합관제센터 한 화면에서 보고 경보를 냅니다.",
    "ETC-01": "주민센터에 돌봄·공유 공간·무인 민원을 모은 스마트 복합센터입니다.",
    "ETC-02": "도시 센서 데이터를 모아 빅데이터로 분석하고 정책 효과를 예측합니다.",
    "ETC-03": "민감한 가명 정보를 안전하게 결합·분석하는 데이터 안심구역을 구축합니다.",
    "ETC-04": "신호등·가로등·표지판을 하나의 다목적 폴로 통합해 거리를 정비합니다.",
    "ETC-05": "디지털 트윈과 메타버스로 가상 민원실과 도시 계획 시뮬레이션을 제공합니다.",
    "ETC-06": "원격 근무자를 위한 공유 오피스와 스마트 업무공간을 운영합니다.",
    "ETC-07": "버스·공원·전통시장에 무료 공공 와이파이를 설치하고 운영합니다.",
    "ETC-08": "행정 정보와 재난 문자를 거리 전광판과 미디어 보드로 알립니다.",
    "ETC-10": "지역 맞춤형 스마트도시 컨설팅과 시범 서비스를 제공합니다.",
}
FIELD_SUMMARY = {
    "ADM": "민원과 행정 서비스를 디지털로 간편하게 바꿉니다.",
    "TRF": "교통 데이터를 모아 시민의 이동을 더 안전하고 편리하게 만듭니다.",
    "HLT": "어르신과 취약계층의 건강과 돌봄을 지역에서 챙깁니다.",
    "ENV": "환경과 에너지 데이터를 측정하고 탄소를 줄입니다.",
    "SAF": "도시의 위험을 미리 감지하고 빠르게 대응합니다.",
    "CUL": "관광객과 시민에게 지역의 문화와 관광 정보를 전합니다.",
    "LOG": "지역 물류와 배송을 친환경적으로 바꿉니다.",
    "PLT": "도시 데이터를 모으고 서비스로 연결하는 플랫폼입니다.",
    "ETC": "여러 서비스를 묶어 생활 현장에 맞게 제공합니다.",
}
# (code of the municipality, population for the demo, title, problem, desired outcome, field, types,
#  budget max in 10k KRW, programme, living lab)
NEEDS = [
    ("48220", 122000, "전통시장 배달·주차 정보 통합 제공", "중앙시장과 서호시장 주변에 주차 공간이 부족하고, 상인들은 배달 주문을 받을 방법이 없습니다. 관광객은 주차장을 찾아 시장 주변을 맴돕니다.", "시장 방문객 주차 탐색 시간 절반, 상인 배달 매출 증가", "ETC", ["ETC-09", "TRF-07", "LOG-02"], 30000, "compact_city", True),
    ("41110", 1190000, "스마트 주차공유로 주택가 주차난 해소", "원도심 주택가의 야간 불법주차 민원이 매년 늘고 있습니다. 학교와 교회 주차장은 밤에 비어 있습니다.", "공유 주차면 500면 확보, 불법주차 민원 30% 감소", "TRF", ["TRF-07", "TRF-04"], 80000, "own_budget", False),
    ("27", 2370000, "독거노인 돌봄 사각지대 해소", "홀몸 어르신이 10만 명을 넘었고 고독사가 늘고 있습니다. 방문 돌봄 인력만으로는 매일 안부를 확인하기 어렵습니다.", "매일 비대면 안부 확인, 응급 상황 30분 내 대응", "HLT", ["HLT-01", "HLT-03"], 50000, "solution_rollout", True),
    ("52110", 640000, "한옥마을 관광객 분산과 주차 안내", "주말마다 한옥마을 주변 도로가 막히고 관광객이 한곳에 몰립니다.", "관광객 분산과 실시간 혼잡 안내", "CUL", ["CUL-02", "TRF-07"], 20000, "own_budget", False),
    ("51110", 286000, "수소도시 기반 친환경 대중교통", "수소 충전 인프라는 갖췄지만 활용 서비스가 부족합니다.", "수소 기반 수요응답형 버스와 에너지 관리", "ENV", ["ENV-10", "TRF-05"], 150000, "hub_city", False),
    ("41390", 520000, "산업단지 유해물질 실시간 감시", "시화산단 주변 주민들이 악취와 유해물질 노출을 걱정합니다.", "유해물질 농도 실시간 공개와 조기 경보", "SAF", ["SAF-05", "ENV-03"], 60000, "own_budget", True),
    ("48250", 530000, "하천 범람과 침수 조기 감지", "여름철 집중호우로 저지대 침수가 반복됩니다.", "침수 30분 전 경보, 지하차도 자동 통제", "SAF", ["SAF-01"], 40000, "solution_rollout", False),
    ("41270", 620000, "다문화 주민을 위한 다국어 행정 서비스", "외국인 주민 비율이 높아 민원 창구에서 소통이 어렵습니다.", "다국어 모바일 민원, 모바일 신분증 연계", "ADM", ["ADM-01", "PLT-03"], 15000, "own_budget", False),
    ("46170", 116000, "혁신도시 에너지 자립 마을", "혁신도시 공공기관과 주거지의 에너지 사용을 함께 관리하고 싶습니다.", "에너지 자립률 30% 달성", "ENV", ["ENV-05", "ENV-06"], 90000, "compact_city", False),
    ("50130", 180000, "관광지 쓰레기 수거 효율화", "관광객이 몰리는 해안가에 쓰레기가 넘칩니다. 수거 차량은 정해진 경로만 돕니다.", "적재량 기반 수거 경로 최적화", "ENV", ["ENV-02"], 10000, "own_budget", True),
    ("41190", 780000, "어린이 보호구역 안심 보행", "초등학교 앞 교통사고가 줄지 않습니다.", "스마트 횡단보도와 과속 경고로 사고 제로", "TRF", ["TRF-08", "TRF-09"], 25000, "solution_rollout", False),
    ("44130", 660000, "버스 정류장 폭염·한파 쉼터", "버스를 기다리는 시민, 특히 어르신이 폭염과 한파에 노출됩니다.", "냉난방과 실시간 정보가 있는 스마트 정류장", "TRF", ["TRF-13"], 30000, "own_budget", False),
    ("47110", 500000, "지진·화재 대비 공동주택 안전 점검", "노후 아파트 단지의 화재와 지진 대비가 취약합니다.", "관제 기반 상시 안전 점검", "SAF", ["SAF-01", "SAF-03"], 45000, "urban_regeneration", False),
    ("46150", 280000, "정원박람회 관광객 AR 안내", "국가정원 방문객에게 더 풍부한 해설을 제공하고 싶습니다.", "AR 해설과 다국어 안내", "CUL", ["CUL-01"], 12000, "own_budget", False),
    ("43150", 130000, "의료 취약지 원격 건강관리", "읍면 지역 어르신들은 병원까지 한 시간 넘게 걸립니다.", "경로당 원격 진료와 건강 측정", "HLT", ["HLT-02", "HLT-03"], 20000, "solution_rollout", True),
    ("31", 1100000, "산업도시 대기질 관리 고도화", "석유화학단지 인근 미세먼지와 악취 민원이 많습니다.", "동 단위 미세먼지 예보와 배출원 추적", "ENV", ["ENV-01", "ENV-03"], 70000, "hub_city", False),
    ("36", 390000, "자율주행 셔틀 실증 확대", "행정중심복합도시 내부 이동 수요가 늘고 있습니다.", "자율주행 셔틀 상용 서비스", "TRF", ["TRF-10"], 200000, "hub_city", False),
    ("41280", 1070000, "공공 와이파이와 미디어 보드 통합", "공원과 광장의 공공 와이파이가 느리고 안내 화면이 흩어져 있습니다.", "스마트폴 하나로 와이파이·CCTV·안내 통합", "ETC", ["ETC-07", "ETC-04", "SAF-07"], 35000, "own_budget", False),
    ("52710", 92000, "농촌 의약품·생필품 드론 배송", "산간 마을은 약국과 마트가 멀어 어르신들이 불편합니다.", "주 2회 드론 정기 배송", "LOG", ["LOG-01", "HLT-05"], 15000, "solution_rollout", True),
    ("47730", 50000, "고령 농촌 마을 안부 확인과 응급 호출", "주민 절반이 65세 이상이고 혼자 사는 어르신이 많습니다.", "응급 호출과 생활 패턴 이상 감지", "HLT", [], 8000, "own_budget", True),
    ("51150", 210000, "해변 관광지 실시간 혼잡 정보", "여름 성수기에 경포해변 주변이 극심하게 붐빕니다.", "혼잡도 공개와 주차 분산", "CUL", ["CUL-02"], 10000, "own_budget", False),
    ("48120", 1010000, "도시 데이터 허브로 부서 간 데이터 연계", "교통·환경·안전 데이터가 부서마다 따로 있습니다.", "NGSI-LD 데이터허브로 통합하고 시민에게 개방", "PLT", ["PLT-01", "PLT-04"], 120000, "hub_city", False),
]
OVERSEAS = [
    ("demo-org-danang", "Smart parking for the old town", "Visitors circle the old town looking for parking and "
     "illegal parking blocks the streets near the Han market.", "Real-time parking guidance and enforcement",
     ["TRF-07", "TRF-04"], 60000, True),
    ("demo-org-danang", "Fine dust monitoring for schools", "Air quality near primary schools is not measured; "
     "parents want to know the PM2.5 level in the morning.", "A sensor network with alerts", ["ENV-01"], 20000, False),
    ("demo-org-bandung", "Elderly living alone: daily check-ins", "Our ageing districts have many elderly residents "
     "living alone; social workers cannot visit every day.", "Daily contact and emergency alerts", ["HLT-01"], 15000,
     True),
]
PARTNERSHIPS = [
    ("demo-pr-1", "demo-org-hanbit", "seeking", "수요응답형 교통 기술을 가진 중소기업을 찾습니다",
     "거점형 스마트도시 사업 공동 입찰을 준비하고 있습니다. **수요응답형 버스 배차 알고리즘**을 가진 중소기업·스타트업과 "
     "컨소시엄을 구성하려 합니다.", ["TRF-05", "TRF-06"], "joint_bid", "startup,sme"),
    ("demo-pr-2", "demo-org-urbanworks", "seeking", "스마트폴 센서 모듈 공급 파트너 모집",
     "스마트폴에 들어갈 환경·안전 센서 모듈을 납품할 중소기업을 찾습니다.", ["SAF-07", "ENV-03"], "supply", "sme"),
    ("demo-pr-3", "demo-org-parkingmate", "offering", "주차 센서 기술, 해외 진출을 함께할 대기업을 찾습니다",
     "동남아 도시에 주차 솔루션을 함께 수출할 대기업 파트너를 찾습니다.", ["TRF-07"], "overseas", "large"),
    ("demo-pr-4", "demo-org-carebell", "offering", "AI 돌봄 기술 실증(PoC) 파트너 모집",
     "통신사·가전사와 함께 독거노인 돌봄 AI를 실증하고 싶습니다.", ["HLT-01", "HLT-03"], "poc", "large"),
    ("demo-pr-5", "demo-org-greensense", "offering", "환경 센서 데이터 플랫폼 투자 유치",
     "미세먼지 측정망 확대를 위한 전략적 투자자를 찾습니다.", ["ENV-01", "PLT-01"], "investment", "large"),
]


def _company(external_id, name, name_en, size, stem, sido):
    organization, _ = Organization.objects.update_or_create(external_id=external_id, defaults={
        "kind": Organization.Kind.COMPANY, "name": name, "name_en": name_en, "size": size,
        "business_number": business_number_with_check_digit(stem), "hq_sido": Municipality.objects.get(code=sido),
        "status": Organization.Status.VERIFIED, "description": f"{name}: 스마트도시 솔루션 기업 (데모)."})
    return organization


def _municipality_org(code, population):
    municipality = Municipality.objects.get(code=code)
    if population and municipality.population != population:
        municipality.population = population
        municipality.save(update_fields=["population"])
    organization = Organization.objects.filter(municipality=municipality).first()
    if organization is None:
        organization = Organization.objects.create(
            external_id=f"demo-org-{code}", kind=Organization.Kind.MUNICIPALITY, municipality=municipality,
            name=municipality.full_name_ko, name_en=municipality.name_en, status=Organization.Status.VERIFIED)
    return organization


def _save(model, external_id, organization, data, status):
    listing = model.objects.filter(external_id=external_id).first() or model(organization=organization)
    return listing_save(listing=listing, data=data | {"external_id": external_id}, status=status)


def _generated(solution_type, company) -> tuple[str, str, str]:
    uses = USES[solution_type.code]
    return (f"{company.name.replace('(주)', '').strip()} {solution_type.name_ko}", uses,
            f"{company.name}의 **{solution_type.name_ko}** 솔루션입니다. {uses} "
            f"{FIELD_SUMMARY[solution_type.field_id]} 구축부터 운영·유지보수까지 지원합니다.")


def _solutions(companies) -> dict[str, Solution]:
    solutions, turn = {}, {}
    tongyeong, daegu = Municipality.objects.get(code="48220"), Municipality.objects.get(code="27")
    for index, solution_type in enumerate(SolutionType.objects.select_related("field").order_by("code")):
        suppliers = FIELD_SUPPLIERS[solution_type.field_id]
        turn[solution_type.field_id] = turn.get(solution_type.field_id, -1) + 1
        company = companies[suppliers[turn[solution_type.field_id] % len(suppliers)]]
        title, summary, description = SOLUTIONS.get(solution_type.code) or _generated(solution_type, company)
        low = (index % 7 + 1) * 10_000_000
        deployments = []
        if index % 3 == 0:
            deployments.append({"municipality": tongyeong if index % 2 else daegu, "year": 2022 + index % 3,
                                "programme": "solution_rollout", "outcome": "시민 만족도 85%, 운영비 20% 절감"})
        data = {
            "title": title, "summary": summary, "description": description, "types": [solution_type],
            "keywords": [solution_type.name_ko, solution_type.name_en], "nationwide": index % 6 != 1,
            "service_sidos": [] if index % 6 != 1 else [company.hq_sido], "overseas": index % 3 != 1,
            "price_min_krw": low, "price_max_krw": low * 5,
            "pricing_model": ["purchase", "subscription", "per_unit", "negotiable"][index % 4],
            "deployment_months": 3 + index % 10, "min_population": 30_000 if index % 6 == 0 else None,
            "open_source": index % 8 == 0, "license": "Apache-2.0" if index % 8 == 0 else "",
            "data_hub_ready": index % 3 != 2, "languages": ["ko", "en"] if index % 3 != 1 else ["ko"],
            "certifications": ["GS인증 1등급"] if index % 4 == 0 else [], "deployments": deployments,
        }
        if data["overseas"] and "en" in data["languages"]:  # K-City-facing: English title and summary
            data["title_en"] = f"{solution_type.name_en} ({company.name_en or company.name})"[:200]
            data["summary_en"] = (f"{solution_type.name_en} from Korea's smart city programme, "
                                  f"offered to overseas cities in English.")[:300]
        solutions[solution_type.code] = _save(Solution, f"demo-sol-{solution_type.code}", company, data,
                                              Solution.Status.PUBLISHED)
    return solutions


def _needs(today) -> list[Need]:
    needs = []
    for index, (code, population, title, problem, outcome, field, types, budget, programme, lab) in enumerate(NEEDS):
        organization = _municipality_org(code, population)
        data = {"title": title, "problem": problem, "desired_outcome": outcome,
                "field": SolutionField.objects.get(code=field), "types": list(SolutionType.objects.filter(code__in=types)), "budget_min_krw": None,
                "budget_max_krw": budget * 10_000, "programme": programme,
                "deadline": today + timedelta(days=20 + index * 3), "living_lab": lab,
                "requires_data_hub": field == "PLT", "contact_name": "스마트도시팀 담당자",
                "contact_email": f"smartcity@{code}.demo.openlab.kr"}
        needs.append(_save(Need, f"demo-need-{code}", organization, data, Need.Status.OPEN))
    for index, (org_id, title, problem, outcome, types, budget, lab) in enumerate(OVERSEAS):
        organization = Organization.objects.get(external_id=org_id)
        data = {"title": title, "problem": problem, "desired_outcome": outcome,
                "types": list(SolutionType.objects.filter(code__in=types)), "budget_max_krw": budget * 10_000,
                "programme": "k_city", "deadline": today + timedelta(days=45 + index * 5), "living_lab": lab,
                "contact_name": "Smart City Office"}
        needs.append(_save(Need, f"demo-need-overseas-{index + 1}", organization, data, Need.Status.OPEN))
    return needs


def _partnerships(today):
    requests = {}
    for index, (external_id, org_id, direction, title, description, types, collaboration, sizes) in enumerate(PARTNERSHIPS):
        data = {"title": title, "direction": direction, "description": description,
                "types": list(SolutionType.objects.filter(code__in=types)), "collaboration": collaboration,
                "target_sizes": sizes, "deadline": today + timedelta(days=30 + index * 7)}
        requests[external_id] = _save(PartnershipRequest, external_id, Organization.objects.get(external_id=org_id),
                                      data, PartnershipRequest.Status.OPEN)
    return requests


def _user(external_id):
    membership = Membership.objects.filter(organization__external_id=external_id).select_related("user").first()
    return membership.user if membership else None


def _interests(solutions, needs, requests):
    """A few interests in each state, made through the services as the demo people would."""
    if Interest.objects.filter(need__external_id__startswith="demo-").exists():
        return
    tongyeong, suwon, daegu = needs[0], needs[1], needs[2]
    parking, care = solutions["TRF-07"], solutions["HLT-01"]
    founder, carebell = _user("demo-org-parkingmate"), _user("demo-org-carebell")
    officer_t, officer_s, officer_d = _user("demo-org-tongyeong"), _user("demo-org-suwon"), _user("demo-org-daegu")
    # Mutual: ParkingMate proposed its parking solution to 통영시, and 통영시 invited it.
    interest_propose(user=founder, need=tongyeong, solution=parking,
                     message="통영 중앙시장 주변 노상주차장 120면에 센서를 설치하고 시장 앱과 연계하겠습니다.")
    interest_invite(user=officer_t, need=tongyeong, solution=parking, message="현장 설명회에 초대합니다.")
    # Accepted: 수원시 invited the parking solution; ParkingMate accepted.
    invitation = interest_invite(user=officer_s, need=suwon, solution=parking,
                                 message="주택가 주차공유 실증에 참여해 주실 수 있을까요?")
    interest_accept(user=founder, interest=invitation)
    # Sent and opened: CareBell proposed to 대구.
    interest_propose(user=carebell, need=daegu, solution=care,
                     message="대구 달서구에서 운영 중인 AI 돌봄을 확대 적용할 수 있습니다.")
    # Declined with a reason: ParkingMate proposed parking to 대구's care need.
    wrong = interest_propose(user=founder, need=daegu, solution=parking, message="주차 솔루션도 검토해 주세요.")
    interest_decline(user=officer_d, interest=wrong, reason="not_relevant", note="돌봄 분야 수요입니다.")
    # Withdrawn.
    withdrawn = interest_propose(user=carebell, need=tongyeong, solution=care, message="시장 상인 건강관리도 가능합니다.")
    interest_withdraw(user=carebell, interest=withdrawn)
    # A response to a large firm's request.
    parkingmate = parking.organization
    interest_respond(user=founder, organization=parkingmate, partnership=requests["demo-pr-1"],
                     message="주차 데이터와 수요응답 배차를 연계한 경험이 있습니다.", solution=parking)


def _questions(needs):
    """Clarification questions as the demo companies would ask them: one answered, one published as it
    is, one waiting for 통영시's answer."""
    tongyeong = needs[0]
    if Question.objects.filter(need=tongyeong).exists():
        return
    founder, carebell, officer_t = _user("demo-org-parkingmate"), _user("demo-org-carebell"), _user("demo-org-tongyeong")
    answered = question_ask(user=founder, need=tongyeong,
                            text="시장 주변 노상주차장 센서 설치 시 도로점용 허가는 시에서 지원해 주시나요?")
    question_answer(user=officer_t, question=answered,
                    text="네. 실증 기간 동안 도로점용 허가는 교통행정과에서 일괄 처리합니다.")
    published = question_ask(user=carebell, need=tongyeong,
                             text="실증 결과 데이터는 기업이 다른 지자체 제안에 활용할 수 있나요?")
    question_publish(user=officer_t, question=published)
    question_ask(user=founder, need=tongyeong, text="시장 앱과 연계할 때 API 명세는 언제 받을 수 있나요?")


def _saved_searches():
    """Saved before the catalogue is published, so that its first alerts are there to see: ParkingMate
    hears at once of parking needs, 통영시 reads a weekly digest of new care solutions."""
    if SavedSearch.objects.filter(user=_user("demo-org-parkingmate")).exists():
        return
    saved_search_create(user=_user("demo-org-parkingmate"), kind="needs", query="q=주차", frequency="instant",
                        name="주차 수요")
    saved_search_create(user=_user("demo-org-tongyeong"), kind="solutions", query="field=HLT", frequency="weekly",
                        name="돌봄 솔루션")


def seed_catalogue() -> dict[str, int]:
    """Create or refresh the demo catalogue; returns counts for the command's summary."""
    today = timezone.localdate()
    companies = {row[0]: _company(*row) for row in COMPANIES}
    companies |= {o.external_id: o for o in Organization.objects.filter(kind=Organization.Kind.COMPANY,
                                                                        external_id__startswith="demo-org-")}
    if not Organization.objects.filter(external_id="demo-org-bandung").exists():
        Organization.objects.create(external_id="demo-org-bandung", kind=Organization.Kind.OVERSEAS, name="반둥시",
                                    name_en="Bandung City", country="ID", status=Organization.Status.VERIFIED)
    _saved_searches()
    solutions = _solutions(companies)
    needs = _needs(today)
    requests = _partnerships(today)
    _interests(solutions, needs, requests)
    _questions(needs)
    return {"solutions": len(solutions), "needs": len(needs), "partnerships": len(requests),
            "interests": Interest.objects.count()}

