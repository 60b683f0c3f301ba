/// An indicator a country report shows, with its names and a methodology note in both
/// languages.
public struct HeadlineIndicator: Sendable {
    public let uisId: String
    public let en: String
    public let ru: String
    public let decimals: Int
    /// How it is computed, in a sentence (docs/methodology.md has the details).
    public let methodEn: String
    public let methodRu: String

    public func name(_ language: Language) -> String { language == .en ? en : ru }
    public func method(_ language: Language) -> String { language == .en ? methodEn : methodRu }

    static let gerEn =
        "Enrolment in the level, whatever the age, divided by the population of the official age group for the level, × 100. It can exceed 100 (over-age and under-age pupils)."
    static let gerRu =
        "Численность обучающихся на уровне образования независимо от возраста, делённая на численность населения официальной возрастной группы уровня, × 100. Может превышать 100 (учащиеся старше или младше официального возраста)."

    /// The headline indicators, in report order.
    public static let all: [HeadlineIndicator] = [
        HeadlineIndicator(
            uisId: "GER.02", en: "Gross enrolment ratio, pre-primary", ru: "Валовой коэффициент охвата дошкольным образованием",
            decimals: 1, methodEn: gerEn, methodRu: gerRu),
        HeadlineIndicator(
            uisId: "GER.1", en: "Gross enrolment ratio, primary", ru: "Валовой коэффициент охвата начальным образованием",
            decimals: 1, methodEn: gerEn, methodRu: gerRu),
        HeadlineIndicator(
            uisId: "GER.2T3", en: "Gross enrolment ratio, secondary", ru: "Валовой коэффициент охвата средним образованием",
            decimals: 1, methodEn: gerEn, methodRu: gerRu),
        HeadlineIndicator(
            uisId: "GER.5T8", en: "Gross enrolment ratio, tertiary", ru: "Валовой коэффициент охвата высшим образованием",
            decimals: 1, methodEn: gerEn, methodRu: gerRu),
        HeadlineIndicator(
            uisId: "NERT.1.CP", en: "Total net enrolment rate, primary",
            ru: "Общий чистый коэффициент охвата начальным образованием",
            decimals: 1,
            methodEn:
                "Children of the official primary age enrolled in any level, divided by the population of that age, × 100; capped as UIS does.",
            methodRu:
                "Численность детей официального возраста начального образования, обучающихся на любом уровне, делённая на численность населения этого возраста, × 100; с ограничением сверху по методике ИСЮ."
        ),
        HeadlineIndicator(
            uisId: "ROFST.1.CP", en: "Out-of-school rate, primary age",
            ru: "Доля детей младшего школьного возраста, не посещающих школу",
            decimals: 1,
            methodEn: "100 minus the total net enrolment rate of the primary age group (SDG 4.1.4).",
            methodRu: "100 минус общий чистый коэффициент охвата детей возраста начального образования (ЦУР 4.1.4)."),
        HeadlineIndicator(
            uisId: "CR.1", en: "Completion rate, primary", ru: "Коэффициент завершения начального образования", decimals: 1,
            methodEn:
                "Share of persons 3–5 years above the intended age of the last grade who completed the level, from household surveys (SDG 4.1.2).",
            methodRu:
                "Доля лиц на 3–5 лет старше возраста последнего класса, завершивших уровень, по данным обследований домохозяйств (ЦУР 4.1.2)."
        ),
        HeadlineIndicator(
            uisId: "CR.3", en: "Completion rate, upper secondary", ru: "Коэффициент завершения полного среднего образования",
            decimals: 1,
            methodEn: "As for primary, for upper secondary (SDG 4.1.2).",
            methodRu: "Так же, как для начального, — для полного среднего образования (ЦУР 4.1.2)."),
        HeadlineIndicator(
            uisId: "PTRHC.1", en: "Pupil-teacher ratio, primary", ru: "Число учащихся на одного учителя в начальном образовании",
            decimals: 1,
            methodEn: "Pupils enrolled divided by teachers (head count) in primary.",
            methodRu: "Численность учащихся, делённая на число учителей (физические лица), начальное образование."),
        HeadlineIndicator(
            uisId: "TRTP.1", en: "Trained teachers, primary (%)",
            ru: "Учителя начального образования с педагогической подготовкой (%)",
            decimals: 1,
            methodEn:
                "Teachers with the minimum organized pedagogical training, as a share of all teachers of the level (SDG 4.c.1).",
            methodRu:
                "Учителя, получившие минимальную педагогическую подготовку, в процентах от всех учителей уровня (ЦУР 4.c.1)."
        ),
        HeadlineIndicator(
            uisId: "FTP.1", en: "Female teachers, primary (%)", ru: "Женщины среди учителей начального образования (%)",
            decimals: 1,
            methodEn: "Female teachers as a share of all teachers of the level.",
            methodRu: "Доля женщин среди всех учителей уровня."),
        HeadlineIndicator(
            uisId: "GER.1.GPIA", en: "Gender parity index (GPIA), gross enrolment ratio, primary",
            ru: "Индекс гендерного паритета (ИГП) валового коэффициента охвата начальным образованием",
            decimals: 3,
            methodEn:
                "Female value divided by male value, adjusted so that the index stays between 0 and 2 (SDG 4.5.1).",
            methodRu:
                "Значение для женщин, делённое на значение для мужчин, скорректированное так, чтобы индекс оставался в пределах от 0 до 2 (ЦУР 4.5.1)."
        ),
        HeadlineIndicator(
            uisId: "XGDP.FSgov", en: "Government expenditure on education (% of GDP)",
            ru: "Государственные расходы на образование (% ВВП)", decimals: 1,
            methodEn:
                "Government expenditure on education divided by GDP, × 100; the Education 2030 Framework for Action benchmark is 4–6 % of GDP.",
            methodRu:
                "Государственные расходы на образование, делённые на ВВП, × 100; ориентир Рамочной программы действий «Образование 2030» — 4–6 % ВВП."
        ),
    ]

    /// Indicators shown for female and male, with their parity index.
    static let bySex = ["GER.1", "ROFST.1.CP"]
    /// Indicators compared with the neighbours (latest year).
    static let compared = ["GER.1", "GER.2T3", "ROFST.1.CP", "PTRHC.1"]
    /// Survey indicators shown by location and wealth.
    static let disaggregated = [
        "CR.1", "CR.2", "CR.3", "LR.Ag15t24", "MPL.L1.GLAST.READING", "MPL.L1.GLAST.MATH", "MPL.L2.GLAST.READING",
        "MPL.L2.GLAST.MATH",
    ]

    public static func named(_ uisId: String) -> HeadlineIndicator? { all.first { $0.uisId == uisId } }
}
