#!/usr/bin/env python3
"""Build the held-out annotated test set for the luoshi directive extractor.

Every readout below is newly written.  Annotations are inline markers which this
script strips, turning them into character offsets (Python str indices, end
exclusive) for NAME.gold.json and NAME.attrs.json, in the shapes of
/work/shared/corpus/000_b905f69b6a25458e.*.json (see ANNOTATION.md).

Marker syntax (the characters ⟦ ⟧ never occur in the texts):
  ⟦H text⟧            required work-line heading (gets the next work-line index)
  ⟦H? text⟧           optional work-line heading
  ⟦D text⟧            directive; belongs to the most recent heading, unless a
                      ⟦X⟧ came after that heading (then work_line = null)
  ⟦D? text⟧           optional directive (same grouping rule)
  ⟦X⟧                 zero-width: following directives have work_line = null
  ⟦A text⟧            actor             (inside a directive)
  ⟦P text⟧            programme         (inside a directive)
  ⟦T:due:kind text⟧   deadline; due = YYYY-MM-DD or null
  ⟦N:value:unit text⟧ target; '_' in unit stands for a space

Run:  python3 corpus/heldout/build.py      (writes en/ and zh/, then verifies)
"""
import datetime as dt
import json
import os
import re
import sys

OUT = os.path.dirname(os.path.abspath(__file__))

DOCS = []  # (lang, name, date, marked text)


def doc(lang, name, date, text):
    DOCS.append((lang, name, date, text))


# --------------------------------------------------------------------------
# EN 1: machine-translated city government executive meeting, headings glued
# --------------------------------------------------------------------------
doc("en", "en1_city_executive_meeting", "2024-06-05", """\
Release time: 2024-06-05 18:30 Source: General Office of Qingshui Municipal People's Government
Liu Jianguo presided over the 38th executive meeting of the municipal governmentOn the afternoon of June 5, Mayor Liu Jianguo presided over the 38th executive meeting of the 17th Municipal People's Government to listen to the report on the economic operation of the city from January to May, study the flood control work in the main flood season and the renovation of old urban residential communities, and deploy other matters. Vice mayors Zhang Wei, Chen Xiaoli and He Ming, and Secretary-General of the municipal government Zhao Peng attended the meeting.

The meeting listened to the report of the Municipal Development and Reform Commission on the economic operation from January to May. The meeting pointed out that since the beginning of this year, the main economic indicators of our city have shown a trend of steady recovery, the regional GDP in the first quarter increased by 5.6% year-on-year, and the investment in fixed assets from January to May increased by 7.1%, but the foundation of recovery is not yet solid, and some enterprises have difficulties in orders and funds.The meeting stressed that⟦H Stabilize the industrial operation⟧⟦D implement the “⟦P one enterprise one policy⟧” service mechanism for ⟦N:120:enterprises 120 key industrial enterprises⟧, help enterprises solve problems in orders, energy use and financing, and strive for the added value of industries above designated size to increase by ⟦N:6.5:% 6.5%⟧ or more in ⟦T:2024-12-31:year the whole year⟧.⟧⟦H Expand effective investment⟧⟦D accelerate the construction of ⟦N:86:projects 86 municipal key projects⟧, ensure that the projects not yet started are all started ⟦T:2024-06-30:month by the end of June⟧, and complete more than half of the annual investment plan in ⟦T:2024-06-30:half the first half of the year⟧;⟧ ⟦D do a good job in the declaration of special bonds, and strive for more projects to enter the national and provincial project “pool”.⟧⟦H Promote the recovery of consumption⟧⟦D carry out the “⟦P Summer Night Consumption Season⟧” activities, implement the trade-in policy for automobiles and household appliances, and speed up the upgrading of pedestrian streets and night markets.⟧⟦H Hold the bottom line of people's livelihood⟧⟦D implement the employment support policies for college graduates, ensure that the wages of migrant workers are paid in full and on time, and guarantee the basic life of the people in difficulty.⟧

The meeting studied the ⟦H flood control work in the main flood season⟧.The meeting pointed out that our city has entered the main flood season, the meteorological department predicts that the precipitation in July and August will be 20% to 30% more than in normal years, and the flood control situation is severe and complicated.The meeting required that ⟦D ⟦A all districts and counties and relevant departments⟧ should resolutely overcome paralysis and the mentality of luck, and implement the responsibility system with the administrative head as the core at every reservoir, river section and dangerous point.⟧ ⟦D ⟦A The municipal water conservancy bureau⟧ should complete the safety inspection of all ⟦N:43:reservoirs 43 small reservoirs⟧ ⟦T:2024-06-15:date before June 15⟧, and the reservoirs with hidden dangers shall be operated with empty storage in the flood season.⟧ ⟦D ⟦A The housing and urban-rural development department⟧ should clear and dredge the urban drainage pipe network and waterlogging points ⟦T:null:asap as soon as possible⟧, and prevent the recurrence of “seeing the sea in the city”.⟧ At present, the flood control materials of the city are basically in place. ⟦D It is necessary to strengthen monitoring and early warning, and when a red rainstorm warning is issued, schools, construction sites and scenic spots should be closed in accordance with regulations.⟧

The meeting studied the ⟦H renovation of old urban residential communities⟧.The meeting approved in principle the “Qingshui City Implementation Plan for the Renovation of Old Urban Residential Communities (2024-2026)”. The meeting pointed out that in the past three years, the city has renovated 268 old communities, benefiting 41,000 households, and the masses have responded well. The meeting requested that ⟦D ⟦A the municipal housing and urban-rural development bureau⟧ should revise and improve the plan according to the opinions of the meeting and submit it for issuance ⟦T:null:asap as soon as possible⟧.⟧ ⟦D ⟦A All districts⟧ should start the renovation of the ⟦N:95:communities 95 old communities⟧ listed in this year's plan ⟦T:2024-10-31:month before the end of October⟧ and complete them ⟦T:2024-12-31:year within the year⟧, give priority to the transformation of gas, water supply and elevator installation, and fully listen to the opinions of residents;⟧ ⟦D ⟦A the municipal finance bureau⟧ should make overall use of the central subsidy funds and the ultra-long-term special treasury bonds, and ensure that the funds are allocated in time.⟧

The meeting also studied other matters.
""")

# --------------------------------------------------------------------------
# EN 2: county party committee plenary, "First, ... Second, ...", mixed sentences
# --------------------------------------------------------------------------
doc("en", "en2_county_plenary_session", "2024-12-27", """\
2024-12-27 | Fengxi County Convergence Media Center

The Seventh Plenary Session of the 14th CPC Fengxi County Committee Held

The Seventh Plenary Session (Expanded) of the 14th Fengxi County Committee of the Communist Party of China was held in the county seat on December 27. The session was presided over by the Standing Committee of the County Party Committee. Ma Zhiyuan, Secretary of the County Party Committee, made a work report on behalf of the Standing Committee and gave explanations on the draft Opinions on Economic Work in 2025. 31 members and 5 alternate members of the County Party Committee attended the session, and responsible comrades of county-level organs and of each township attended as non-voting delegates.

The plenary session fully affirmed the work of the Standing Committee over the past year. The session held that in 2024, in the face of a complex situation and a severe summer drought, the county's regional GDP is expected to reach 21.6 billion yuan, an increase of 5.8%, grain output has stayed above 300,000 tons for ten consecutive years, and the per capita disposable income of rural residents has risen by 7.2%, which was hard-won.

The session pointed out that 2025 is the final year of the 14th Five-Year Plan, and doing a good job in next year's work is of great significance for the whole county. ⟦D ⟦A Party organizations at all levels across the county⟧ must keep in mind the goal of building a “⟦P Strong Industrial County, Ecological Fengxi⟧”, seize the opportunity of the western land-sea corridor, and strive to achieve regional GDP growth of around ⟦N:6:% 6%⟧ ⟦T:2025-12-31:year next year⟧, with general public budget revenue growing in step.⟧ ⟦D? The key to doing next year's work well lies in implementation, and the foundation lies at the grassroots.⟧

The session proposed that the county should concentrate on the following tasks. ⟦H First, we must unswervingly put industrial development in the first place⟧, ⟦D although the county industrial park introduced 23 projects with a total investment of 4.5 billion yuan this year, the leading industries are still not strong and supporting enterprises are few, so in ⟦T:2025-12-31:year 2025⟧ we should concentrate on new building materials and green food processing, introduce no fewer than ⟦N:20:industrial_projects 20 industrial projects⟧, and push the output value of the park above ⟦N:30000000000:yuan 30 billion yuan⟧.⟧ ⟦D ⟦A The county investment promotion bureau⟧ and ⟦A each township⟧ should improve the mechanism of leaders taking the lead in attracting investment, and the signed projects should be brought to construction ⟦T:null:asap as soon as possible⟧.⟧ ⟦H Second, we must solidly promote the all-round revitalization of the countryside⟧, ⟦D stabilize the grain sown area at more than ⟦N:850000:mu 850,000 mu⟧, build ⟦N:32000:mu 32,000 mu of high-standard farmland⟧, and develop the characteristic industries of prickly ash, walnut and beef cattle.⟧ This year the county's transferred land reached 85,000 mu and 146 family farms were newly registered. ⟦D It is necessary to keep the gains in poverty reduction stable, improve the mechanism for monitoring and helping households at risk of falling back into poverty, and make sure that no large-scale relapse occurs.⟧ ⟦D ⟦A The county agriculture and rural affairs bureau⟧ should take the lead in completing the planning of the “⟦P Twenty Demonstration Villages⟧” project ⟦T:2025-06-30:half by the end of the first half of next year⟧.⟧ ⟦H Third, we must deepen reform in key areas⟧, ⟦D push forward the reform of state-owned enterprises and the market-oriented transformation of financing platforms, clear the arrears owed to private enterprises, and improve the business environment so that market entities can feel the change.⟧ ⟦D ⟦A The county government⟧ should hold a symposium with private entrepreneurs every quarter to help solve their practical difficulties.⟧ ⟦H Fourth, we must comprehensively strengthen the Party's leadership and Party building⟧, ⟦D deepen the rectification of formalism to reduce the burden on the grassroots, strictly control the number of documents and meetings, and resolutely correct the practice of valuing traces over results.⟧ ⟦X⟧⟦D Fifth, we must hold the bottom line of safety and stability.⟧

The plenary session deliberated and adopted the Opinions of the CPC Fengxi County Committee on Economic Work in 2025 and the resolution of the session. The session called on ⟦D ⟦A Party members, cadres and the people of all ethnic groups in the county⟧ to unite more closely, work hard and forge ahead, and strive to complete the goals and tasks of the ⟦P 14th Five-Year Plan⟧ with high quality.⟧
""")

# --------------------------------------------------------------------------
# EN 3: provincial work-safety video conference, agenda style + headline lines
# --------------------------------------------------------------------------
doc("en", "en3_work_safety_video_conference", "2025-02-10", """\
Release date: 2025-02-10

Provincial Work Safety Video Conference Held
Sun Lihua attended and delivered a speech

On February 10, the provincial government held a video conference on work safety to summarize the work of 2024, analyze the current situation and deploy key tasks for 2025. Vice Governor Sun Lihua attended and delivered a speech. Sub-venues were set up in all cities and counties.

The meeting heard the report of the Provincial Emergency Management Department on the work safety situation in 2024 and exchange speeches by Huaiyang City and Dongling City. In 2024, the number of work safety accidents and deaths in the province fell by 12.3% and 9.8% year-on-year respectively, and no major or particularly serious accident occurred. The meeting commended 20 advanced collectives in work safety.

The meeting pointed out that after the Spring Festival, enterprises resume work and production in a concentrated way, new workers are many and equipment is restarted frequently, so this is a period of high accident risk. ⟦D ⟦A Leaders at all levels⟧ must not relax in the slightest and must put work safety in a more prominent position.⟧

⟦H Tighten the chain of responsibility⟧
⟦D ⟦A All cities and counties⟧ must strictly implement the responsibility system of “⟦P the Party and government sharing the same responsibility, one post with dual responsibilities, joint management and accountability for dereliction⟧”, and the principal persons in charge of the government should personally study and deploy work safety at least once a month.⟧ ⟦D ⟦A Industry regulators⟧ should follow the principle of the “⟦P three musts⟧” and leave no blind spots in supervision.⟧ ⟦D ⟦A Enterprises⟧ should establish a safety production responsibility system covering all staff ⟦T:2025-03-31:month before the end of March⟧.⟧

⟦H Focus on the resumption of work and production⟧
⟦D ⟦T:null:other Before resuming production⟧, ⟦A enterprises in hazardous chemicals, mining, metallurgy and other high-risk industries⟧ must carry out a comprehensive safety inspection, and those that fail the inspection shall not resume production.⟧ ⟦D New employees must receive pre-job safety training of no less than ⟦N:24:hours 24 hours⟧.⟧ Last year, 41% of the province's accidents occurred within the first three months after resumption.

On the ⟦H three-year campaign to tackle the root causes of work safety⟧, the meeting required that ⟦D ⟦A all cities⟧ should complete the rectification of all major accident hazards identified last year ⟦T:2025-06-30:half in the first half of the year⟧;⟧ ⟦D for hazards that are not rectified on schedule, the persons responsible should be held accountable.⟧

On ⟦H fire safety in crowded places⟧, the meeting required that ⟦D ⟦A fire and rescue departments⟧ should carry out special inspections of shopping malls, hospitals and elderly care institutions, and complete the first round ⟦T:2025-04-30:month by the end of April⟧.⟧ ⟦D It is necessary to resolutely prevent electric bicycles from being taken into buildings and homes for charging.⟧

⟦H Strengthen emergency preparedness⟧
⟦D ⟦A All localities⟧ should revise their emergency plans for production safety accidents ⟦T:2025-12-31:year within this year⟧ and organize a comprehensive drill.⟧ The province now has 326 professional rescue teams. ⟦D ⟦A The Provincial Emergency Management Department⟧ should establish a joint duty mechanism with the meteorological, natural resources and transport departments ⟦T:null:asap as soon as possible⟧.⟧

The meeting also arranged the work of forest fire prevention in spring.
""")

# --------------------------------------------------------------------------
# EN 4: department mid-year work conference, targets / yuan / deadlines
# --------------------------------------------------------------------------
doc("en", "en4_department_midyear_conference", "2024-07-16", """\
Provincial Department of Human Resources and Social Security Holds 2024 Mid-Year Work Conference
2024-07-16 17:45 | Source: Department Office

On July 16, the Provincial Department of Human Resources and Social Security held its mid-year work conference to review the work of the first half of the year and arrange key tasks for the second half. Director Wang Shuhua attended and delivered a speech. Leaders of the department, heads of its offices and affiliated units, and directors of the municipal human resources and social security bureaus attended.

The conference noted that in the first half of the year the province created 372,000 new urban jobs, 56.4% of the annual target; the surveyed urban unemployment rate averaged 5.1%; 1.38 billion yuan from the unemployment insurance fund was returned to enterprises to stabilize jobs; and 214,000 people received subsidized vocational skills training. Wang Shuhua said the results had been hard-won and thanked staff across the system for their dedication.

⟦D ⟦A The whole system⟧ must keep employment at the top of its agenda and make sure that ⟦N:650000:new_urban_jobs 650,000 new urban jobs⟧ are created ⟦T:2024-12-31:year within the year⟧, with the surveyed urban unemployment rate kept within ⟦N:5.5:% 5.5%⟧.⟧

⟦H? The conference stressed the need to focus on the employment of key groups⟧. ⟦D ⟦A Public employment service agencies at all levels⟧ should launch the “⟦P 100-Day Sprint⟧” campaign for college graduates and raise the employment rate of this year's registered graduates still seeking work to ⟦N:90:% 90%⟧ or higher ⟦T:2024-09-30:month by the end of September⟧.⟧ ⟦D Graduates who have left school without a job must be contacted one by one, and each should receive at least one job offer and one training opportunity.⟧ ⟦D Efforts should be made to keep the number of rural migrant workers stable at more than ⟦N:8500000:people 8.5 million people⟧.⟧

In terms of ⟦H social insurance⟧, ⟦D it is necessary to extend coverage to people in flexible employment and new forms of employment and raise the enrollment rate of basic pension insurance to ⟦N:95:% 95%⟧ ⟦T:2024-12-31:year by the end of the year⟧.⟧ The adjustment of basic pensions for retirees has been approved by the provincial government. ⟦D ⟦A Municipal bureaus⟧ must ensure that the ⟦N:2600000000:yuan 2.6 billion yuan⟧ of increased pension payments reaches retirees in full ⟦T:2024-08-31:month before the end of August⟧.⟧ ⟦D Online verification of benefit eligibility should be completed ⟦T:null:asap as soon as possible⟧ to stop fund losses from fraudulent claims.⟧

In terms of ⟦H protecting the wage rights of migrant workers⟧, ⟦D ⟦A labour inspection agencies⟧ should carry out a special inspection of construction projects, and all wage arrears cases reported by migrant workers must be closed ⟦T:2024-12-31:year within the year⟧.⟧ In the first half of the year, 96 million yuan of back wages was recovered for 8,700 workers. ⟦D Enterprises found to have maliciously withheld wages must be placed on the list of dishonest entities and subjected to joint punishment.⟧

In terms of ⟦H skills and talent⟧, ⟦D the “⟦P Skilled Province⟧” initiative must be advanced, with subsidized vocational training for ⟦N:400000:people 400,000 people⟧ ⟦T:2024-12-31:year this year⟧ and ⟦N:120000000:yuan 120 million yuan⟧ of special funds allocated to high-skill talent training bases ⟦T:2024-10-31:month before the end of October⟧.⟧ ⟦D ⟦A The professional and technical personnel division⟧ should launch the reform of professional title evaluation in engineering disciplines ⟦T:2024-12-31:quarter in the fourth quarter⟧.⟧

The conference also arranged work on petitions, safety and stability, and Party conduct and integrity.⟦X⟧ Wang Shuhua required ⟦D ⟦A heads of all units⟧ to check the progress of key tasks item by item and report any lagging tasks to the department office ⟦T:null:asap as soon as possible⟧.⟧
""")

# --------------------------------------------------------------------------
# ZH 1: 市政府常务会议纪要
# --------------------------------------------------------------------------
doc("zh", "zh1_city_executive_meeting_minutes", "2024-03-28", """\
澄州市人民政府常务会议纪要
〔2024〕6号

　　2024年3月28日上午，市长周立新主持召开十七届市政府第6次常务会议，研究城市更新、政务服务改革、春季造林和森林防火等工作。副市长陈光明、刘晓燕、韩东，市政府秘书长王磊出席会议，市政府有关部门主要负责同志列席会议。现将会议议定事项纪要如下：

　　一、会议研究了⟦H 2024年城市更新工作⟧。会议指出，去年全市完成老旧小区改造112个，惠及居民3.1万户，城市功能品质持续提升，但也存在资金筹措渠道单一、改造后长效管理跟不上等问题。会议要求，⟦D ⟦A 市住建局⟧要会同⟦A 各区政府⟧抓紧制定年度实施计划，确保今年计划改造的⟦N:95:个 95个老旧小区⟧⟦T:2024-06-30:month 6月底前⟧全部开工、⟦T:2024-12-31:year 年底前⟧基本完工；⟧⟦D 要坚持先地下、后地上，同步推进燃气、供水、排水等管网改造，⟦T:2024-12-31:year 年内⟧改造老化管网⟦N:180:公里 180公里⟧。⟧⟦D ⟦A 各区⟧要建立居民议事会机制，改造内容和施工方案要充分听取居民意见。⟧⟦D ⟦A 市财政局⟧要统筹用好中央和省级补助资金，积极争取超长期特别国债支持，防止出现资金缺口。⟧

　　二、会议研究了⟦H 《澄州市优化政务服务提升行政效能三年行动方案（2024—2026年）》⟧。会议原则同意该方案。会议要求，⟦D ⟦A 市政务服务和大数据管理局⟧要根据会议讨论意见进一步修改完善，⟦T:2024-04-15:date 4月15日前⟧以市政府办公室名义印发实施。⟧⟦D 要聚焦“⟦P 高效办成一件事⟧”，⟦T:2024-12-31:year 年底前⟧实现企业开办、不动产登记、新生儿出生等⟦N:20:项 20项高频事项⟧一次告知、一表申请、一窗受理。⟧⟦D ⟦A 各部门⟧要打破数据壁垒，⟦T:2024-09-30:quarter 三季度末前⟧完成⟦N:12:个 12个部门业务系统⟧与市一体化政务服务平台的对接。⟧

　　三、会议研究了⟦H 春季造林绿化和森林防火工作⟧。会议听取了市林业局关于今春造林准备情况的汇报。会议强调，⟦D ⟦A 各县（市、区）⟧要抓住春季造林黄金期，科学选择适生树种，⟦T:2024-04-30:month 4月底前⟧完成人工造林⟦N:35000:亩 3.5万亩⟧，确保造一片、活一片、成林一片。⟧⟦D 当前已进入森林火灾高发期，要严格落实野外火源管控，清明、五一期间⟦A 各级林长⟧要深入一线巡山护林，坚决防止发生重大森林火灾。⟧

　　四、会议同意将市第二人民医院门诊综合楼等3个项目增列为2024年市级重点项目。⟦X⟧

　　五、会议还研究了其他事项。

　　请假：副市长李成（出差）。
　　分送：市委办公室，市人大常委会办公室，市政协办公室，各县（市、区）人民政府，市政府各部门。
""")

# --------------------------------------------------------------------------
# ZH 2: 县委常委会 readout, 一要……二要…… with speaker lead-in
# --------------------------------------------------------------------------
doc("zh", "zh2_county_standing_committee", "2024-08-09", """\
县委常委会召开会议 传达学习全省经济形势分析会议精神 研究部署下半年重点工作
来源：禾丰县融媒体中心　2024-08-09

　　8月9日，县委书记李明远主持召开县委常委会（扩大）会议，传达学习全省上半年经济形势分析会议和市委常委会会议精神，听取全县上半年经济运行情况汇报，研究部署下半年重点工作。县委副书记、县长杨帆，县人大常委会、县政协主要负责同志出席会议。

　　会议指出，今年以来，全县上下顶住多重压力，上半年地区生产总值增长5.9%，规上工业增加值增长8.3%，高于全市平均水平，但固定资产投资增速回落、项目储备不足等问题依然突出。

　　李明远强调，⟦D ⟦A 全县各级各部门⟧要把思想和行动统一到省委、市委决策部署上来，保持定力、迎难而上，坚决完成全年目标任务。⟧⟦H 一要全力冲刺三季度经济指标⟧，⟦D 紧盯地区生产总值、固定资产投资、规上工业增加值等主要指标，逐月调度、逐项攻坚，确保⟦T:2024-09-30:quarter 三季度末⟧主要指标增速不低于全市平均水平。⟧⟦H 二要持续抓好项目建设⟧，今年以来全县新开工亿元以上项目18个，但签约项目落地转化率偏低。⟦D ⟦A 各乡镇⟧、⟦A 县直各部门⟧要落实“⟦P 一个项目、一名县级领导、一个工作专班⟧”推进机制，⟦T:2024-09-30:month 9月底前⟧完成年度投资计划的⟦N:75:% 75%⟧以上。⟧⟦H 三要结合我县实际，扎实做好防汛救灾和灾后恢复重建工作⟧，⟦D 对7月强降雨损毁的⟦N:36:处 36处⟧道路、堤防和农田水利设施，⟦T:2024-10-31:month 10月底前⟧全部修复到位；⟧⟦D 对受灾群众逐户核查，⟦T:null:asap 尽快⟧落实救助资金，确保受灾群众安全温暖过冬。⟧⟦H 四要切实保障和改善民生⟧，⟦D 落实高校毕业生、退役军人等重点群体就业帮扶政策，⟦T:2024-12-31:year 年内⟧新增城镇就业⟦N:3200:人 3200人⟧；⟧⟦D 抓好秋季学期开学各项准备，⟦T:2024-08-31:month 8月底前⟧完成县城第二小学新校区交付使用。⟧⟦X⟧⟦D 五要从严从实加强干部作风建设。⟧

　　会议还研究了⟦H 优化营商环境工作⟧。会议审议并原则通过了《关于进一步优化营商环境激发经营主体活力的若干措施》。会议要求，⟦D ⟦A 县发改局⟧要⟦T:null:asap 尽快⟧将措施印发实施，逐条明确责任单位和完成时限。⟧⟦D ⟦A 县纪委监委⟧要把营商环境问题纳入日常监督，对吃拿卡要、推诿扯皮等行为严肃追责问责。⟧

　　会议还研究了其他事项。
""")

# --------------------------------------------------------------------------
# ZH 3: 政府工作报告 excerpt with （一）（二） sections and many targets
# --------------------------------------------------------------------------
doc("zh", "zh3_government_work_report_excerpt", "2024-01-18", """\
嵩北市政府工作报告（节选）
——2024年1月18日在嵩北市第十六届人民代表大会第四次会议上

二、2024年主要目标任务

　　今年是“十四五”规划实施的攻坚之年。⟦D? 今年全市发展的主要预期目标为：全市生产总值增长⟦N:6:% 6%⟧左右，一般公共预算收入增长⟦N:5:% 5%⟧，城镇新增就业⟦N:32000:人 3.2万人⟧，城镇调查失业率控制在⟦N:5.5:% 5.5%⟧以内，城乡居民收入增长和经济增长保持同步，单位地区生产总值能耗降低完成省下达任务。⟧

　　做好今年工作，要重点抓好以下四个方面：

　　⟦H （一）坚定不移扩大有效投资⟧，⟦D? 持续增强经济发展后劲。⟧⟦D ⟦T:2024-12-31:year 今年⟧计划实施市级重点项目⟦N:260:个 260个⟧，完成投资⟦N:48000000000:元 480亿元⟧以上，其中⟦T:2024-06-30:half 上半年⟧完成年度投资计划的⟦N:50:% 50%⟧以上。⟧⟦D 深入开展“⟦P 项目攻坚年⟧”活动，实行⟦A 市级领导⟧包抓重大项目制度，⟦T:2024-12-31:year 年底前⟧建成投用城东综合管廊一期、北部污水处理厂等⟦N:30:个 30个重大项目⟧。⟧去年全市争取中央预算内投资和专项债券资金86.5亿元，创历史新高。⟦D 要紧盯国家政策投向，⟦T:2024-12-31:year 全年⟧争取上级资金⟦N:9000000000:元 90亿元⟧以上。⟧

　　⟦H （二）加快构建现代化产业体系⟧。⟦D 实施⟦P 制造业倍增计划⟧，规上工业增加值增长⟦N:7:% 7%⟧，新增规上工业企业⟦N:120:家 120家⟧。⟧⟦D 加快培育新能源电池、高端装备两大千亿级产业集群，⟦T:2024-09-30:quarter 三季度末前⟧实现宁鑫储能二期项目投产。⟧⟦D 大力发展数字经济，高新技术企业总数突破⟦N:800:家 800家⟧，数字经济核心产业增加值占地区生产总值比重达到⟦N:9:% 9%⟧。⟧

　　⟦H （三）全面推进乡村振兴⟧。⟦D 严格落实耕地保护和粮食安全党政同责，粮食播种面积稳定在⟦N:3860000:亩 386万亩⟧以上，总产量保持在⟦N:2800000000:斤 28亿斤⟧以上。⟧去年全市粮食总产量27.6亿斤，再创新高。⟦D 新建和改造提升高标准农田⟦N:125000:亩 12.5万亩⟧，⟦T:2024-05-31:month 5月底前⟧完成上年度续建项目。⟧⟦D 巩固拓展脱贫攻坚成果，农村居民人均可支配收入增长⟦N:7:% 7%⟧以上。⟧⟦D 深入推进“⟦P 百村示范、千村整治⟧”工程，建成和美乡村示范村⟦N:40:个 40个⟧。⟧

　　⟦H （四）持续保障和改善民生⟧。⟦D 实施就业优先政策，城镇新增就业⟦N:32000:人 3.2万人⟧，帮扶就业困难人员再就业⟦N:2000:人 2000人⟧。⟧⟦D 新建改扩建中小学、幼儿园⟦N:18:所 18所⟧，新增学位⟦N:12000:个 1.2万个⟧，⟦T:2024-08-31:month 8月底前⟧全部具备招生条件。⟧⟦D 继续办好⟦N:10:件 10件民生实事⟧，⟦T:2024-12-31:year 年底前⟧全部完成。⟧⟦D ⟦A 各级政府⟧要坚持过紧日子，一般性支出压减⟦N:5:% 5%⟧以上，把更多财力用于保障和改善民生。⟧
""")

# --------------------------------------------------------------------------
# ZH 4: 防汛暨安全生产 deployment meeting, headline lines + 一是……二是……
# --------------------------------------------------------------------------
doc("zh", "zh4_flood_and_safety_deployment", "2024-05-14", """\
发布时间：2024-05-14 17:32　来源：沅川市应急管理局

全市防汛暨安全生产工作会议召开
压紧压实责任 全力确保安全度汛

　　5月14日，全市防汛暨安全生产工作会议召开，分析当前防汛和安全生产形势，部署下一阶段重点工作。副市长、市防汛抗旱指挥部指挥长赵启明出席会议并讲话。会议以视频形式开到各县（市、区）和乡镇（街道）。

　　会议通报了今年以来全市安全生产形势。1至4月，全市共发生各类生产安全事故23起、死亡19人，同比分别下降11.5%和13.6%。据气象部门预测，今年主汛期我市降水总体偏多一至二成，发生区域性暴雨洪涝的可能性较大，防汛形势不容乐观。

　　会议要求，⟦D ⟦A 各县（市、区）和市直有关部门⟧要坚持人民至上、生命至上，立足防大汛、抗大洪、抢大险，扎实做好各项防汛准备。⟧

⟦H 全面排查整治风险隐患⟧
　　⟦D ⟦A 各地⟧要对辖区内⟦N:127:座 127座水库⟧、⟦N:426:公里 426公里堤防⟧以及山洪灾害危险区、城市易涝点开展拉网式排查，⟦T:null:other 汛期前⟧完成病险水库除险加固主体工程。⟧⟦D 对排查出的问题隐患要建立台账、明确责任、限期整改，⟦T:2024-06-30:month 6月底前⟧全部整改到位，不能按期整改的要落实临时度汛措施。⟧

⟦H 扎实做好抢险救援准备⟧
　　⟦D ⟦A 市应急管理局⟧要会同⟦A 市水利局⟧⟦T:null:asap 尽快⟧修订完善全市防汛应急预案，细化水库、堤防等重点部位的转移避险方案。⟧⟦D ⟦A 各地⟧要在⟦T:2024-05-31:month 5月底前⟧完成防汛抢险队伍组建和集中演练，⟦T:null:other 汛期前⟧补齐编织袋、救生衣、冲锋舟等防汛物资。⟧目前，全市已储备各类防汛物资价值3800余万元。

⟦H 严格落实值班值守制度⟧
　　⟦D 汛期⟦A 各级防汛抗旱指挥部⟧要严格执行24小时值班和领导带班制度，遇有重大汛情险情第一时间报告。⟧⟦D 要强化与气象、水文部门的会商研判，及时发布预警信息，确保预警信息直达基层责任人。⟧

　　会议同时对当前安全生产工作作出部署：⟦H 一是抓好重点行业领域隐患治理⟧，⟦D 按照⟦P 安全生产治本攻坚三年行动⟧部署，⟦T:2024-06-30:month 6月底前⟧完成城镇燃气、经营性自建房、危险化学品等领域新一轮隐患排查；⟧⟦H 二是扎实开展“安全生产月”活动⟧，⟦D 以普及安全知识、提升应急能力为重点，组织开展安全宣传咨询日、应急演练等活动，推动安全知识进企业、进社区、进学校；⟧⟦X⟧⟦D 三是严防汛期次生安全事故。⟧

　　会议强调，⟦D ⟦A 各级领导干部⟧要把防汛和安全生产责任扛在肩上，严格执行领导带班和安全检查制度，对失职失责造成严重后果的，依规依纪依法严肃追责问责。⟧
""")


# --------------------------------------------------------------------------
# Parsing
# --------------------------------------------------------------------------
def parse(marked):
    out = []
    pos = 0  # length of output so far
    stack = []
    headings, directives, attrs = [], [], []
    group = None  # current work line index or None
    i = 0
    n = len(marked)
    while i < n:
        c = marked[i]
        if c == "⟦":
            j = i + 1
            while marked[j] not in " ⟧":
                j += 1
            spec = marked[i + 1:j]
            if spec == "X":
                assert marked[j] == "⟧", "X marker must be ⟦X⟧"
                group = None
                i = j + 1
                continue
            assert marked[j] == " ", f"bad marker near {marked[i:i+40]!r}"
            stack.append((spec, pos))
            i = j + 1
            continue
        if c == "⟧":
            spec, start = stack.pop()
            end = pos
            kind = spec[0]
            if kind == "H":
                headings.append({"start": start, "end": end, "optional": spec == "H?"})
                group = len(headings) - 1
            elif kind == "D":
                assert not stack, "directive nested in something"
                directives.append({"start": start, "end": end, "optional": spec == "D?",
                                   "work_line": group})
            elif kind in "APTN":
                assert stack and stack[-1][0][0] == "D", f"attribute outside directive: {spec}"
                a = {"type": kind, "start": start, "end": end}
                parts = spec.split(":")
                if kind == "T":
                    a["due"] = None if parts[1] == "null" else parts[1]
                    a["kind"] = parts[2]
                if kind == "N":
                    v = float(parts[1])
                    a["value"] = int(v) if v == int(v) else v
                    a["unit"] = parts[2].replace("_", " ")
                a["directive"] = len(directives)  # index the enclosing directive will get
                attrs.append(a)
            else:
                raise ValueError(spec)
            i += 1
            continue
        out.append(c)
        pos += 1
        i += 1
    assert not stack, f"unclosed markers: {stack}"
    return "".join(out), headings, directives, attrs


def build_one(lang, name, date, marked):
    text, headings, directives, attrs = parse(marked)
    fname = name + ".txt"
    gold = {
        "document": fname,
        "language": lang,
        "date": date,
        "work_lines": [],
        "directives": [],
    }
    for h in headings:
        w = {"heading": text[h["start"]:h["end"]], "start": h["start"], "end": h["end"]}
        if h["optional"]:
            w["optional"] = True
        gold["work_lines"].append(w)
    for d in directives:
        gold["directives"].append({
            "work_line": d["work_line"],
            "start": d["start"],
            "end": d["end"],
            "optional": d["optional"],
            "text": text[d["start"]:d["end"]],
        })
    at = {"document": fname, "date": date, "directives": []}
    for k in range(len(directives)):
        row = {"index": k, "actors": [], "deadlines": [], "targets": [], "programmes": []}
        for a in attrs:
            if a["directive"] != k:
                continue
            base = {"start": a["start"], "end": a["end"], "text": text[a["start"]:a["end"]]}
            if a["type"] == "A":
                row["actors"].append(base)
            elif a["type"] == "P":
                row["programmes"].append(base)
            elif a["type"] == "T":
                base.update(due=a["due"], kind=a["kind"])
                row["deadlines"].append(base)
            elif a["type"] == "N":
                base.update(value=a["value"], unit=a["unit"])
                row["targets"].append(base)
        at["directives"].append(row)
    d = os.path.join(OUT, lang)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, fname), "w", encoding="utf-8", newline="") as f:
        f.write(text)
    with open(os.path.join(d, name + ".gold.json"), "w", encoding="utf-8") as f:
        json.dump(gold, f, ensure_ascii=False, indent=1)
        f.write("\n")
    with open(os.path.join(d, name + ".attrs.json"), "w", encoding="utf-8") as f:
        json.dump(at, f, ensure_ascii=False, indent=1)
        f.write("\n")


# --------------------------------------------------------------------------
# Verification (re-reads the written files; independent of the parser)
# --------------------------------------------------------------------------
EN_MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
ZH_NUM = {"一": 1, "二": 2, "三": 3, "四": 4}


def month_end(y, m):
    nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
    return (nxt - dt.timedelta(days=1)).isoformat()


def resolve(text, date):
    """Independent resolver for the deadline phrasings used here -> (due, kind)."""
    t = text.lower()
    y = int(date[:4])
    if "next year" in t or "明年" in t:
        y += 1
    if "as soon as possible" in t or "尽快" in t:
        return None, "asap"
    if "汛期前" in t or "before resuming" in t:
        return None, "other"
    m = re.search(r"(\d+)月(\d+)日前", t)
    if m:
        return dt.date(y, int(m[1]), int(m[2])).isoformat(), "date"
    m = re.search(r"(?:before|by) (" + "|".join(EN_MONTHS) + r") (\d+)", t)
    if m:
        return dt.date(y, EN_MONTHS[m[1]], int(m[2])).isoformat(), "date"
    m = re.search(r"(\d+)月底", t)
    if m:
        return month_end(y, int(m[1])), "month"
    m = re.search(r"end of (" + "|".join(EN_MONTHS) + ")", t)
    if m:
        return month_end(y, EN_MONTHS[m[1]]), "month"
    m = re.search(r"([一二三四])季度", t)
    if m:
        return month_end(y, 3 * ZH_NUM[m[1]]), "quarter"
    m = re.search(r"(first|second|third|fourth) quarter", t)
    if m:
        q = ["first", "second", "third", "fourth"].index(m[1]) + 1
        return month_end(y, 3 * q), "quarter"
    if "上半年" in t or "first half" in t:
        return f"{y}-06-30", "half"
    if re.fullmatch(r"(\d{4})", t):
        return f"{t}-12-31", "year"
    if any(k in t for k in ("年底", "年内", "今年", "全年", "this year", "within the year",
                            "whole year", "end of the year", "next year")):
        return f"{y}-12-31", "year"
    raise ValueError(f"cannot resolve deadline {text!r}")


def parse_value(text):
    m = re.search(r"(\d[\d,]*(?:\.\d+)?)\s*(万亿|亿|万|million|billion)?", text)
    v = float(m[1].replace(",", ""))
    mult = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "million": 1e6, "billion": 1e9, None: 1}[m[2]]
    return v * mult


LEADINS = ("the meeting", "the conference", "the session", "会议", "强调", "要求", "李明远",
           "wang shuhua")


def verify():
    problems = []
    rows = []
    # ../shared beside the project holds the seed and the official documents, when present.
    seed_dir = os.path.join(OUT, "..", "..", "..", "shared", "corpus")
    ref_texts = []
    if os.path.isdir(seed_dir):
        ref_texts.append(open(os.path.join(seed_dir, "000_b905f69b6a25458e.txt"), encoding="utf-8").read())
        for f in sorted(os.listdir(os.path.join(seed_dir, "dev"))):
            if f.endswith(".txt"):
                ref_texts.append(open(os.path.join(seed_dir, "dev", f), encoding="utf-8").read())
    for lang, name, date, _ in DOCS:
        base = os.path.join(OUT, lang, name)
        raw = open(base + ".txt", "rb").read()
        text = raw.decode("utf-8")
        gold = json.load(open(base + ".gold.json", encoding="utf-8"))
        at = json.load(open(base + ".attrs.json", encoding="utf-8"))

        def bad(msg):
            problems.append(f"{name}: {msg}")

        if "⟦" in text or "⟧" in text:
            bad("marker left in text")
        if not 1500 <= len(raw) <= 6000:
            bad(f"size {len(raw)} bytes outside 1.5-6 KB")
        if list(gold) != ["document", "language", "date", "work_lines", "directives"]:
            bad("gold keys")
        if list(at) != ["document", "date", "directives"]:
            bad("attrs keys")
        if gold["document"] != name + ".txt" or at["document"] != name + ".txt":
            bad("document name")
        dt.date.fromisoformat(gold["date"])
        if at["date"] != gold["date"]:
            bad("dates differ")

        spans = []
        for k, w in enumerate(gold["work_lines"]):
            if text[w["start"]:w["end"]] != w["heading"]:
                bad(f"heading {k} offset mismatch")
            if w["heading"] != w["heading"].strip() or not w["heading"]:
                bad(f"heading {k} not trimmed")
            if w["heading"][-1] in "，,。.；;：:":
                bad(f"heading {k} ends in punctuation")
            spans.append((w["start"], w["end"], f"H{k}"))
        used = set()
        for k, d in enumerate(gold["directives"]):
            s = d["text"]
            if text[d["start"]:d["end"]] != s:
                bad(f"directive {k} offset mismatch")
            if s != s.strip() or not s:
                bad(f"directive {k} not trimmed")
            if s.lower().startswith(LEADINS):
                bad(f"directive {k} starts with a lead-in: {s[:30]!r}")
            wl = d["work_line"]
            if wl is not None:
                if not (isinstance(wl, int) and 0 <= wl < len(gold["work_lines"])):
                    bad(f"directive {k} bad work_line {wl}")
                elif gold["work_lines"][wl]["end"] > d["start"]:
                    bad(f"directive {k} precedes its heading")
                used.add(wl)
            if not isinstance(d["optional"], bool):
                bad(f"directive {k} optional flag")
            spans.append((d["start"], d["end"], f"D{k}"))
        for k in range(len(gold["work_lines"])):
            if k not in used:
                bad(f"work line {k} has no directives")
        spans.sort()
        for a, b in zip(spans, spans[1:]):
            if b[0] < a[1]:
                bad(f"overlap {a[2]} / {b[2]}")

        if len(at["directives"]) != len(gold["directives"]):
            bad("attrs/gold directive count differ")
        n_att = 0
        for k, row in enumerate(at["directives"]):
            if row["index"] != k or list(row) != ["index", "actors", "deadlines", "targets", "programmes"]:
                bad(f"attrs row {k} shape")
            g = gold["directives"][k]
            for typ in ("actors", "deadlines", "targets", "programmes"):
                for a in row[typ]:
                    n_att += 1
                    if text[a["start"]:a["end"]] != a["text"] or a["text"] != a["text"].strip():
                        bad(f"{typ} offset/trim mismatch in row {k}: {a['text']!r}")
                    if not (g["start"] <= a["start"] and a["end"] <= g["end"]):
                        bad(f"{typ} {a['text']!r} outside directive {k}")
                    if typ == "deadlines":
                        due, kind = resolve(a["text"], gold["date"])
                        if (due, kind) != (a["due"], a["kind"]):
                            bad(f"deadline {a['text']!r}: gold {a['due']},{a['kind']} resolver {due},{kind}")
                        if a["due"] is not None and a["due"] < gold["date"]:
                            bad(f"deadline {a['text']!r} due before document date")
                    if typ == "targets":
                        pv = parse_value(a["text"])
                        if abs(pv - a["value"]) > 1e-6 * max(1, abs(pv)):
                            bad(f"target {a['text']!r}: value {a['value']} vs parsed {pv}")
                    if typ in ("actors", "programmes") and any(q in a["text"] for q in "“”\"《》"):
                        pass
        # no copying: longest substring shared with seed / dev texts
        win = 12 if lang == "zh" else 40
        grams = set()
        for r in ref_texts:
            for p in range(len(r) - win + 1):
                grams.add(r[p:p + win])
        hits = {text[p:p + win] for p in range(len(text) - win + 1) if text[p:p + win] in grams}
        rows.append((name, lang, len(text), len(raw), len(gold["work_lines"]),
                     sum(1 for w in gold["work_lines"] if w.get("optional")),
                     len(gold["directives"]), sum(1 for d in gold["directives"] if d["optional"]),
                     n_att, len(hits)))
        if hits:
            print(f"  note {name}: {len(hits)} shared {win}-grams with seed/dev, e.g. {sorted(hits)[:3]}")
    return problems, rows


def main():
    for lang, name, date, marked in DOCS:
        build_one(lang, name, date, marked)
    problems, rows = verify()
    print(f"{'name':38} lang chars bytes WL(opt) D(opt) attrs shared-ngrams")
    for r in rows:
        print(f"{r[0]:38} {r[1]:4} {r[2]:5} {r[3]:5} {r[4]:2}({r[5]}) {r[6]:3}({r[7]}) {r[8]:4} {r[9]}")
    if problems:
        print("PROBLEMS:")
        for p in problems:
            print("  " + p)
        sys.exit(1)
    print("verification passed")


if __name__ == "__main__":
    main()
