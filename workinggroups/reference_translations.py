"""The reference data's names and texts in French, Spanish, Arabic, Russian and Chinese.

English comes from `entities/data/compact.yaml`; this module holds the other five UN languages,
keyed like the YAML (pillar number, theme and organization slug, Working Group number, priority
number) and by language code as in `settings.LANGUAGES`. `load_compact` writes them into the
django-modeltranslation columns (`name_fr`, … `name_zh_hans`).

Names of UN entities, organizations and the Strategy's pillars are their official names in each
language (A/RES/60/288 for the pillars). Where an official name is not known with confidence, the
language is simply left out: the portal then shows the English name, marked as English. Member
States' names come from CLDR through babel (`member_state_names`), not from here.
"""

from __future__ import annotations

import functools

# The languages this module translates into (English is the YAML itself).
LANGUAGES = ("fr", "es", "ar", "ru", "zh-hans")

# --- The four pillars of the UN Global Counter-Terrorism Strategy (A/RES/60/288, annex) --------

PILLARS = {
    1: {
        "fr": "Mesures visant à éliminer les conditions propices à la propagation du terrorisme",
        "es": "Medidas para hacer frente a las condiciones que propician la propagación del "
        "terrorismo",
        "ar": "التدابير الرامية إلى معالجة الظروف المؤدية إلى انتشار الإرهاب",
        "ru": "Меры по устранению условий, способствующих распространению терроризма",
        "zh-hans": "消除有利于恐怖主义蔓延的条件的措施",
    },
    2: {
        "fr": "Mesures visant à prévenir et combattre le terrorisme",
        "es": "Medidas para prevenir y combatir el terrorismo",
        "ar": "تدابير منع الإرهاب ومكافحته",
        "ru": "Меры по предотвращению терроризма и борьбе с ним",
        "zh-hans": "防止和打击恐怖主义的措施",
    },
    3: {
        "fr": "Mesures destinées à étoffer les moyens dont les États disposent pour prévenir et "
        "combattre le terrorisme et à renforcer le rôle joué en ce sens par le système des "
        "Nations Unies",
        "es": "Medidas destinadas a aumentar la capacidad de los Estados para prevenir el "
        "terrorismo y luchar contra él, y a fortalecer el papel del sistema de las Naciones "
        "Unidas a ese respecto",
        "ar": "التدابير الرامية إلى بناء قدرات الدول على منع الإرهاب ومكافحته وتعزيز دور منظومة "
        "الأمم المتحدة في هذا الصدد",
        "ru": "Меры по созданию потенциала государств в области предотвращения терроризма и "
        "борьбы с ним и укреплению роли системы Организации Объединенных Наций в этой связи",
        "zh-hans": "建立各国防止和打击恐怖主义的能力以及加强联合国系统在这方面的作用的措施",
    },
    4: {
        "fr": "Mesures garantissant le respect des droits de l'homme pour tous et la primauté du "
        "droit en tant que base fondamentale de la lutte antiterroriste",
        "es": "Medidas para asegurar el respeto de los derechos humanos para todos y el imperio "
        "de la ley como base fundamental de la lucha contra el terrorismo",
        "ar": "التدابير الرامية إلى ضمان احترام حقوق الإنسان للجميع وسيادة القانون بوصفه الركيزة "
        "الأساسية لمكافحة الإرهاب",
        "ru": "Меры по обеспечению всеобщего уважения прав человека и верховенства права в "
        "качестве фундаментальной основы борьбы с терроризмом",
        "zh-hans": "确保尊重所有人的人权和实行法治作为反恐斗争根基的措施",
    },
}

# --- Themes (the portal's own taxonomy of expertise) ---------------------------------------------

THEMES = {
    "pcve": {
        "fr": "Prévention et répression de l'extrémisme violent",
        "es": "Prevención y lucha contra el extremismo violento",
        "ar": "منع التطرف العنيف ومكافحته",
        "ru": "Предупреждение воинствующего экстремизма и противодействие ему",
        "zh-hans": "防止和打击暴力极端主义",
    },
    "conditions-conducive": {
        "fr": "Conditions propices au terrorisme et prévention des conflits",
        "es": "Condiciones que propician el terrorismo y prevención de conflictos",
        "ar": "الظروف المؤدية إلى الإرهاب ومنع نشوب النزاعات",
        "ru": "Условия, способствующие терроризму, и предотвращение конфликтов",
        "zh-hans": "有利于恐怖主义的条件和预防冲突",
    },
    "youth": {
        "fr": "Mobilisation et autonomisation des jeunes",
        "es": "Participación y empoderamiento de los jóvenes",
        "ar": "إشراك الشباب وتمكينهم",
        "ru": "Вовлечение молодежи и расширение ее прав и возможностей",
        "zh-hans": "青年参与和增强青年权能",
    },
    "strategic-communications": {
        "fr": "Communication stratégique et contre-discours",
        "es": "Comunicación estratégica y contranarrativas",
        "ar": "الاتصالات الاستراتيجية والروايات المضادة",
        "ru": "Стратегические коммуникации и контрнарративы",
        "zh-hans": "战略传播和反叙事",
    },
    "border-management": {
        "fr": "Sécurité et gestion des frontières",
        "es": "Seguridad y gestión de fronteras",
        "ar": "أمن الحدود وإدارتها",
        "ru": "Безопасность границ и пограничный контроль",
        "zh-hans": "边境安全和管理",
    },
    "law-enforcement": {
        "fr": "Application de la loi et coopération policière",
        "es": "Aplicación de la ley y cooperación policial",
        "ar": "إنفاذ القانون والتعاون الشرطي",
        "ru": "Правоохранительная деятельность и полицейское сотрудничество",
        "zh-hans": "执法和警务合作",
    },
    "aviation-security": {
        "fr": "Sûreté aérienne et lutte contre les déplacements de terroristes",
        "es": "Seguridad de la aviación y lucha contra los desplazamientos de terroristas",
        "ar": "أمن الطيران ومكافحة سفر الإرهابيين",
        "ru": "Авиационная безопасность и противодействие передвижению террористов",
        "zh-hans": "航空安保和打击恐怖分子旅行",
    },
    "maritime-security": {
        "fr": "Sûreté maritime",
        "es": "Seguridad marítima",
        "ar": "الأمن البحري",
        "ru": "Безопасность на море",
        "zh-hans": "海上安全",
    },
    "cbrn": {
        "fr": "Terrorisme chimique, biologique, radiologique et nucléaire",
        "es": "Terrorismo químico, biológico, radiológico y nuclear",
        "ar": "الإرهاب الكيميائي والبيولوجي والإشعاعي والنووي",
        "ru": "Химический, биологический, радиологический и ядерный терроризм",
        "zh-hans": "化学、生物、放射性和核恐怖主义",
    },
    "critical-infrastructure": {
        "fr": "Protection des infrastructures critiques et des cibles vulnérables",
        "es": "Protección de infraestructuras críticas y objetivos vulnerables",
        "ar": "حماية الهياكل الأساسية الحيوية والأهداف الضعيفة",
        "ru": "Защита критически важных объектов инфраструктуры и уязвимых целей",
        "zh-hans": "保护关键基础设施和易受攻击目标",
    },
    "new-technologies": {
        "fr": "Technologies nouvelles et émergentes, cybersécurité et systèmes d'aéronefs sans "
        "pilote",
        "es": "Tecnologías nuevas y emergentes, ciberseguridad y sistemas de aeronaves no "
        "tripuladas",
        "ar": "التكنولوجيات الجديدة والناشئة والأمن السيبراني ونظم الطائرات بدون طيار",
        "ru": "Новые и перспективные технологии, кибербезопасность и беспилотные авиационные "
        "системы",
        "zh-hans": "新技术和新兴技术、网络安全和无人驾驶航空器系统",
    },
    "small-arms-explosives": {
        "fr": "Armes légères et de petit calibre et explosifs",
        "es": "Armas pequeñas, armas ligeras y explosivos",
        "ar": "الأسلحة الصغيرة والأسلحة الخفيفة والمتفجرات",
        "ru": "Стрелковое оружие, легкие вооружения и взрывчатые вещества",
        "zh-hans": "小武器、轻武器和爆炸物",
    },
    "criminal-justice": {
        "fr": "Justice pénale et réponses juridiques",
        "es": "Justicia penal y respuestas jurídicas",
        "ar": "العدالة الجنائية والتدابير القانونية",
        "ru": "Уголовное правосудие и правовые меры",
        "zh-hans": "刑事司法和法律对策",
    },
    "cft": {
        "fr": "Lutte contre le financement du terrorisme",
        "es": "Lucha contra la financiación del terrorismo",
        "ar": "مكافحة تمويل الإرهاب",
        "ru": "Противодействие финансированию терроризма",
        "zh-hans": "打击资助恐怖主义",
    },
    "ftf-prosecution-rehabilitation": {
        "fr": "Combattants terroristes étrangers\u00a0: poursuites, réadaptation et réintégration",
        "es": "Combatientes terroristas extranjeros: enjuiciamiento, rehabilitación y "
        "reintegración",
        "ar": "المقاتلون الإرهابيون الأجانب: الملاحقة القضائية وإعادة التأهيل وإعادة الإدماج",
        "ru": "Иностранные боевики-террористы: уголовное преследование, реабилитация и "
        "реинтеграция",
        "zh-hans": "外国恐怖主义战斗人员：起诉、康复和重返社会",
    },
    "capacity-building": {
        "fr": "Renforcement des capacités et assistance technique",
        "es": "Creación de capacidad y asistencia técnica",
        "ar": "بناء القدرات والمساعدة التقنية",
        "ru": "Наращивание потенциала и техническая помощь",
        "zh-hans": "能力建设和技术援助",
    },
    "national-regional-strategies": {
        "fr": "Stratégies nationales et régionales de lutte contre le terrorisme",
        "es": "Estrategias nacionales y regionales de lucha contra el terrorismo",
        "ar": "الاستراتيجيات الوطنية والإقليمية لمكافحة الإرهاب",
        "ru": "Национальные и региональные контртеррористические стратегии",
        "zh-hans": "国家和区域反恐战略",
    },
    "resource-mobilization": {
        "fr": "Mobilisation des ressources, suivi et évaluation",
        "es": "Movilización de recursos, seguimiento y evaluación",
        "ar": "تعبئة الموارد والرصد والتقييم",
        "ru": "Мобилизация ресурсов, мониторинг и оценка",
        "zh-hans": "资源调动、监测和评价",
    },
    "human-rights": {
        "fr": "Droits de l'homme et état de droit",
        "es": "Derechos humanos y estado de derecho",
        "ar": "حقوق الإنسان وسيادة القانون",
        "ru": "Права человека и верховенство права",
        "zh-hans": "人权和法治",
    },
    "victims": {
        "fr": "Soutien aux victimes du terrorisme",
        "es": "Apoyo a las víctimas del terrorismo",
        "ar": "دعم ضحايا الإرهاب",
        "ru": "Поддержка жертв терроризма",
        "zh-hans": "支持恐怖主义受害者",
    },
    "gender": {
        "fr": "Égalité des genres et programme pour les femmes et la paix et la sécurité",
        "es": "Igualdad de género y agenda sobre las mujeres y la paz y la seguridad",
        "ar": "المساواة بين الجنسين وخطة المرأة والسلام والأمن",
        "ru": "Гендерное равенство и повестка дня в области женщин, мира и безопасности",
        "zh-hans": "性别平等和妇女与和平与安全议程",
    },
}

# --- Organizations: the Compact entities, other and regional organizations (by slug) -------------

ORGANIZATIONS = {
    # Compact entities
    "1267-monitoring-team": {
        "fr": "Équipe d'appui analytique et de surveillance des sanctions du Comité du Conseil "
        "de sécurité faisant suite aux résolutions 1267 (1999), 1989 (2011) et 2253 (2015)",
        "es": "Equipo de Apoyo Analítico y Vigilancia de las Sanciones del Comité del Consejo de "
        "Seguridad dimanante de las resoluciones 1267 (1999), 1989 (2011) y 2253 (2015)",
        "ru": "Группа по аналитической поддержке и наблюдению за санкциями Комитета Совета "
        "Безопасности, учрежденного резолюциями 1267 (1999), 1989 (2011) и 2253 (2015)",
    },
    "1540-expert-group": {
        "fr": "Groupe d'experts du Comité du Conseil de sécurité créé par la résolution 1540 "
        "(2004)",
        "es": "Grupo de Expertos del Comité del Consejo de Seguridad establecido en virtud de la "
        "resolución 1540 (2004)",
        "ar": "فريق خبراء لجنة مجلس الأمن المنشأة عملا بالقرار 1540 (2004)",
        "ru": "Группа экспертов Комитета Совета Безопасности, учрежденного резолюцией 1540 (2004)",
        "zh-hans": "安全理事会第1540(2004)号决议所设委员会专家组",
    },
    "ctbto": {
        "fr": "Commission préparatoire de l'Organisation du Traité d'interdiction complète des "
        "essais nucléaires",
        "es": "Comisión Preparatoria de la Organización del Tratado de Prohibición Completa de los "
        "Ensayos Nucleares",
        "ar": "اللجنة التحضيرية لمنظمة معاهدة الحظر الشامل للتجارب النووية",
        "ru": "Подготовительная комиссия Организации по Договору о всеобъемлющем запрещении "
        "ядерных испытаний",
        "zh-hans": "全面禁止核试验条约组织筹备委员会",
    },
    "cted": {
        "fr": "Direction exécutive du Comité contre le terrorisme",
        "es": "Dirección Ejecutiva del Comité contra el Terrorismo",
        "ar": "المديرية التنفيذية للجنة مكافحة الإرهاب",
        "ru": "Исполнительный директорат Контртеррористического комитета",
        "zh-hans": "反恐怖主义委员会执行局",
    },
    "dss": {
        "fr": "Département de la sûreté et de la sécurité",
        "es": "Departamento de Seguridad",
        "ar": "إدارة شؤون السلامة والأمن",
        "ru": "Департамент по вопросам охраны и безопасности",
        "zh-hans": "安全和安保部",
    },
    "dpo": {
        "fr": "Département des opérations de paix",
        "es": "Departamento de Operaciones de Paz",
        "ar": "إدارة عمليات السلام",
        "ru": "Департамент операций по поддержанию мира",
        "zh-hans": "和平行动部",
    },
    "dppa": {
        "fr": "Département des affaires politiques et de la consolidation de la paix",
        "es": "Departamento de Asuntos Políticos y de Consolidación de la Paz",
        "ar": "إدارة الشؤون السياسية وبناء السلام",
        "ru": "Департамент по политическим вопросам и вопросам миростроительства",
        "zh-hans": "政治和建设和平事务部",
    },
    "dgc": {
        "fr": "Département de la communication globale",
        "es": "Departamento de Comunicación Global",
        "ar": "إدارة التواصل العالمي",
        "ru": "Департамент глобальных коммуникаций",
        "zh-hans": "全球传播部",
    },
    "eosg-rol": {
        "fr": "Groupe de l'état de droit du Cabinet du Secrétaire général",
        "es": "Dependencia del Estado de Derecho de la Oficina Ejecutiva del Secretario General",
    },
    "fatf": {
        "fr": "Groupe d'action financière",
        "es": "Grupo de Acción Financiera Internacional",
        "ar": "فرقة العمل المعنية بالإجراءات المالية",
        "ru": "Группа разработки финансовых мер борьбы с отмыванием денег",
        "zh-hans": "金融行动特别工作组",
    },
    "icao": {
        "fr": "Organisation de l'aviation civile internationale",
        "es": "Organización de Aviación Civil Internacional",
        "ar": "منظمة الطيران المدني الدولي",
        "ru": "Международная организация гражданской авиации",
        "zh-hans": "国际民用航空组织",
    },
    "interpol": {
        "fr": "Organisation internationale de police criminelle",
        "es": "Organización Internacional de Policía Criminal",
        "ar": "المنظمة الدولية للشرطة الجنائية",
        "ru": "Международная организация уголовной полиции",
        "zh-hans": "国际刑事警察组织",
    },
    "ilo": {
        "fr": "Organisation internationale du Travail",
        "es": "Organización Internacional del Trabajo",
        "ar": "منظمة العمل الدولية",
        "ru": "Международная организация труда",
        "zh-hans": "国际劳工组织",
    },
    "imo": {
        "fr": "Organisation maritime internationale",
        "es": "Organización Marítima Internacional",
        "ar": "المنظمة البحرية الدولية",
        "ru": "Международная морская организация",
        "zh-hans": "国际海事组织",
    },
    "unoda": {
        "fr": "Bureau des affaires de désarmement",
        "es": "Oficina de Asuntos de Desarme",
        "ar": "مكتب شؤون نزع السلاح",
        "ru": "Управление по вопросам разоружения",
        "zh-hans": "裁军事务厅",
    },
    "oict": {
        "fr": "Bureau de l'informatique et des communications",
        "es": "Oficina de Tecnología de la Información y las Comunicaciones",
        "ar": "مكتب تكنولوجيا المعلومات والاتصالات",
        "ru": "Управление информационно-коммуникационных технологий",
        "zh-hans": "信息和通信技术厅",
    },
    "ola": {
        "fr": "Bureau des affaires juridiques",
        "es": "Oficina de Asuntos Jurídicos",
        "ar": "مكتب الشؤون القانونية",
        "ru": "Управление по правовым вопросам",
        "zh-hans": "法律事务厅",
    },
    "ohchr": {
        "fr": "Haut-Commissariat des Nations Unies aux droits de l'homme",
        "es": "Oficina del Alto Comisionado de las Naciones Unidas para los Derechos Humanos",
        "ar": "مفوضية الأمم المتحدة السامية لحقوق الإنسان",
        "ru": "Управление Верховного комиссара Организации Объединенных Наций по правам человека",
        "zh-hans": "联合国人权事务高级专员办事处",
    },
    "osgey": {
        "fr": "Bureau de l'Envoyé du Secrétaire général pour la jeunesse",
        "es": "Oficina del Enviado del Secretario General para la Juventud",
        "ar": "مكتب مبعوث الأمين العام المعني بالشباب",
        "ru": "Канцелярия Посланника Генерального секретаря по делам молодежи",
        "zh-hans": "秘书长青年问题特使办公室",
    },
    "opcw": {
        "fr": "Organisation pour l'interdiction des armes chimiques",
        "es": "Organización para la Prohibición de las Armas Químicas",
        "ar": "منظمة حظر الأسلحة الكيميائية",
        "ru": "Организация по запрещению химического оружия",
        "zh-hans": "禁止化学武器组织",
    },
    "osapg": {
        "fr": "Bureau du Conseiller spécial pour la prévention du génocide",
        "es": "Oficina del Asesor Especial para la Prevención del Genocidio",
        "ar": "مكتب المستشار الخاص المعني بمنع الإبادة الجماعية",
        "ru": "Канцелярия Специального советника по предупреждению геноцида",
        "zh-hans": "防止灭绝种族罪问题特别顾问办公室",
    },
    "sr-ct": {
        "fr": "Rapporteur spécial sur la promotion et la protection des droits de l'homme et des "
        "libertés fondamentales dans la lutte antiterroriste",
        "es": "Relator Especial sobre la promoción y la protección de los derechos humanos y las "
        "libertades fundamentales en la lucha contra el terrorismo",
        "ar": "المقرر الخاص المعني بتعزيز وحماية حقوق الإنسان والحريات الأساسية في سياق مكافحة "
        "الإرهاب",
        "ru": "Специальный докладчик по вопросу о поощрении и защите прав человека и основных "
        "свобод в условиях борьбы с терроризмом",
        "zh-hans": "在反恐中促进和保护人权和基本自由问题特别报告员",
    },
    "srsg-svc": {
        "fr": "Représentant spécial du Secrétaire général chargé de la question des "
        "violences sexuelles commises en période de conflit",
        "es": "Representante Especial del Secretario General sobre la Violencia Sexual en los "
        "Conflictos",
        "ru": "Специальный представитель Генерального секретаря по вопросу о сексуальном насилии "
        "в условиях конфликта",
        "zh-hans": "秘书长冲突中性暴力问题特别代表",
    },
    "srsg-vac": {
        "fr": "Représentant spécial du Secrétaire général chargé de la question de la "
        "violence contre les enfants",
        "es": "Representante Especial del Secretario General sobre la Violencia contra los Niños",
        "ru": "Специальный представитель Генерального секретаря по вопросу о насилии в отношении "
        "детей",
        "zh-hans": "秘书长暴力侵害儿童问题特别代表",
    },
    "un-women": {
        "fr": "Entité des Nations Unies pour l'égalité des sexes et l'autonomisation des femmes",
        "es": "Entidad de las Naciones Unidas para la Igualdad de Género y el Empoderamiento de "
        "las Mujeres",
        "ar": "هيئة الأمم المتحدة للمساواة بين الجنسين وتمكين المرأة",
        "ru": "Структура Организации Объединенных Наций по вопросам гендерного равенства и "
        "расширения прав и возможностей женщин",
        "zh-hans": "联合国促进性别平等和增强妇女权能署",
    },
    "unaoc": {
        "fr": "Alliance des civilisations de l'Organisation des Nations Unies",
        "es": "Alianza de Civilizaciones de las Naciones Unidas",
        "ar": "تحالف الأمم المتحدة للحضارات",
        "ru": "Альянс цивилизаций Организации Объединенных Наций",
        "zh-hans": "联合国不同文明联盟",
    },
    "undp": {
        "fr": "Programme des Nations Unies pour le développement",
        "es": "Programa de las Naciones Unidas para el Desarrollo",
        "ar": "برنامج الأمم المتحدة الإنمائي",
        "ru": "Программа развития Организации Объединенных Наций",
        "zh-hans": "联合国开发计划署",
    },
    "unesco": {
        "fr": "Organisation des Nations Unies pour l'éducation, la science et la culture",
        "es": "Organización de las Naciones Unidas para la Educación, la Ciencia y la Cultura",
        "ar": "منظمة الأمم المتحدة للتربية والعلم والثقافة",
        "ru": "Организация Объединенных Наций по вопросам образования, науки и культуры",
        "zh-hans": "联合国教育、科学及文化组织",
    },
    "unicri": {
        "fr": "Institut interrégional de recherche des Nations Unies sur la criminalité et la "
        "justice",
        "es": "Instituto Interregional de las Naciones Unidas para Investigaciones sobre la "
        "Delincuencia y la Justicia",
        "ar": "معهد الأمم المتحدة الأقاليمي لبحوث الجريمة والعدالة",
        "ru": "Межрегиональный научно-исследовательский институт Организации Объединенных Наций "
        "по вопросам преступности и правосудия",
        "zh-hans": "联合国区域间犯罪和司法研究所",
    },
    "unidir": {
        "fr": "Institut des Nations Unies pour la recherche sur le désarmement",
        "es": "Instituto de las Naciones Unidas de Investigación sobre el Desarme",
        "ar": "معهد الأمم المتحدة لبحوث نزع السلاح",
        "ru": "Институт Организации Объединенных Наций по исследованию проблем разоружения",
        "zh-hans": "联合国裁军研究所",
    },
    "unitad": {
        "fr": "Équipe d'enquêteurs des Nations Unies chargée de concourir à amener Daech/État "
        "islamique d'Iraq et du Levant à répondre de ses crimes",
        "es": "Equipo de Investigaciones de las Naciones Unidas para Promover la Rendición de "
        "Cuentas por los Crímenes Cometidos por Dáesh/Estado Islámico en el Iraq y el Levante",
        "ru": "Следственная группа Организации Объединенных Наций по содействию привлечению к "
        "ответственности за преступления, совершенные ДАИШ/ИГИЛ",
        "zh-hans": "联合国促进对达伊沙/伊黎伊斯兰国所犯罪行追究责任调查组",
    },
    "unoct": {
        "fr": "Bureau de lutte contre le terrorisme de l'Organisation des Nations Unies",
        "es": "Oficina de las Naciones Unidas de Lucha contra el Terrorismo",
        "ar": "مكتب الأمم المتحدة لمكافحة الإرهاب",
        "ru": "Контртеррористическое управление Организации Объединенных Наций",
        "zh-hans": "联合国反恐怖主义办公室",
    },
    "unodc": {
        "fr": "Office des Nations Unies contre la drogue et le crime",
        "es": "Oficina de las Naciones Unidas contra la Droga y el Delito",
        "ar": "مكتب الأمم المتحدة المعني بالمخدرات والجريمة",
        "ru": "Управление Организации Объединенных Наций по наркотикам и преступности",
        "zh-hans": "联合国毒品和犯罪问题办公室",
    },
    "unosaa": {
        "fr": "Bureau du Conseiller spécial pour l'Afrique",
        "es": "Oficina del Asesor Especial para África",
        "ar": "مكتب المستشار الخاص لشؤون أفريقيا",
        "ru": "Канцелярия Специального советника по Африке",
        "zh-hans": "非洲问题特别顾问办公室",
    },
    "srsg-caac": {
        "fr": "Représentant spécial du Secrétaire général pour le sort des enfants en temps "
        "de conflit armé",
        "es": "Representante Especial del Secretario General para la Cuestión de los Niños y los "
        "Conflictos Armados",
        "ru": "Специальный представитель Генерального секретаря по вопросу о детях и вооруженных "
        "конфликтах",
        "zh-hans": "秘书长儿童与武装冲突问题特别代表",
    },
    "wco": {
        "fr": "Organisation mondiale des douanes",
        "es": "Organización Mundial de Aduanas",
        "ar": "منظمة الجمارك العالمية",
        "ru": "Всемирная таможенная организация",
        "zh-hans": "世界海关组织",
    },
    "who": {
        "fr": "Organisation mondiale de la Santé",
        "es": "Organización Mundial de la Salud",
        "ar": "منظمة الصحة العالمية",
        "ru": "Всемирная организация здравоохранения",
        "zh-hans": "世界卫生组织",
    },
    "unitar": {
        "fr": "Institut des Nations Unies pour la formation et la recherche",
        "es": "Instituto de las Naciones Unidas para Formación Profesional e Investigaciones",
        "ar": "معهد الأمم المتحدة للتدريب والبحث",
        "ru": "Учебный и научно-исследовательский институт Организации Объединенных Наций",
        "zh-hans": "联合国训练研究所",
    },
    "unssc": {
        "fr": "École des cadres du système des Nations Unies",
        "es": "Escuela Superior del Personal del Sistema de las Naciones Unidas",
        "ar": "كلية موظفي منظومة الأمم المتحدة",
        "ru": "Колледж персонала системы Организации Объединенных Наций",
        "zh-hans": "联合国系统职员学院",
    },
    "desa": {
        "fr": "Département des affaires économiques et sociales",
        "es": "Departamento de Asuntos Económicos y Sociales",
        "ar": "إدارة الشؤون الاقتصادية والاجتماعية",
        "ru": "Департамент по экономическим и социальным вопросам",
        "zh-hans": "经济和社会事务部",
    },
    "iom": {
        "fr": "Organisation internationale pour les migrations",
        "es": "Organización Internacional para las Migraciones",
        "ar": "المنظمة الدولية للهجرة",
        "ru": "Международная организация по миграции",
        "zh-hans": "国际移民组织",
    },
    "ipu": {
        "fr": "Union interparlementaire",
        "es": "Unión Interparlamentaria",
        "ar": "الاتحاد البرلماني الدولي",
        "ru": "Межпарламентский союз",
        "zh-hans": "各国议会联盟",
    },
    "unicef": {
        "fr": "Fonds des Nations Unies pour l'enfance",
        "es": "Fondo de las Naciones Unidas para la Infancia",
        "ar": "منظمة الأمم المتحدة للطفولة",
        "ru": "Детский фонд Организации Объединенных Наций",
        "zh-hans": "联合国儿童基金会",
    },
    "unhcr": {
        "fr": "Haut-Commissariat des Nations Unies pour les réfugiés",
        "es": "Oficina del Alto Comisionado de las Naciones Unidas para los Refugiados",
        "ar": "مفوضية الأمم المتحدة لشؤون اللاجئين",
        "ru": "Управление Верховного комиссара Организации Объединенных Наций по делам беженцев",
        "zh-hans": "联合国难民事务高级专员办事处",
    },
    "ocha": {
        "fr": "Bureau de la coordination des affaires humanitaires",
        "es": "Oficina de Coordinación de Asuntos Humanitarios",
        "ar": "مكتب تنسيق الشؤون الإنسانية",
        "ru": "Управление по координации гуманитарных вопросов",
        "zh-hans": "人道主义事务协调厅",
    },
    # Other organizations named in the sources
    "iaea": {
        "fr": "Agence internationale de l'énergie atomique",
        "es": "Organismo Internacional de Energía Atómica",
        "ar": "الوكالة الدولية للطاقة الذرية",
        "ru": "Международное агентство по атомной энергии",
        "zh-hans": "国际原子能机构",
    },
    "gctf": {
        "fr": "Forum mondial de lutte contre le terrorisme",
        "es": "Foro Mundial contra el Terrorismo",
        "ru": "Глобальный контртеррористический форум",
        "zh-hans": "全球反恐论坛",
    },
    "unfpa": {
        "fr": "Fonds des Nations Unies pour la population",
        "es": "Fondo de Población de las Naciones Unidas",
        "ar": "صندوق الأمم المتحدة للسكان",
        "ru": "Фонд Организации Объединенных Наций в области народонаселения",
        "zh-hans": "联合国人口基金",
    },
    "ctc": {
        "fr": "Comité contre le terrorisme du Conseil de sécurité",
        "es": "Comité contra el Terrorismo del Consejo de Seguridad",
        "ar": "لجنة مجلس الأمن لمكافحة الإرهاب",
        "ru": "Контртеррористический комитет Совета Безопасности",
        "zh-hans": "安全理事会反恐怖主义委员会",
    },
    # Regional and international organizations (only the languages we are sure of)
    "au": {
        "fr": "Union africaine",
        "es": "Unión Africana",
        "ar": "الاتحاد الأفريقي",
        "ru": "Африканский союз",
        "zh-hans": "非洲联盟",
    },
    "caert": {"fr": "Centre africain d'études et de recherche sur le terrorisme"},
    "eu": {
        "fr": "Union européenne",
        "es": "Unión Europea",
        "ar": "الاتحاد الأوروبي",
        "ru": "Европейский союз",
        "zh-hans": "欧洲联盟",
    },
    "oic": {
        "fr": "Organisation de la coopération islamique",
        "es": "Organización de Cooperación Islámica",
        "ar": "منظمة التعاون الإسلامي",
        "ru": "Организация исламского сотрудничества",
        "zh-hans": "伊斯兰合作组织",
    },
    "pam": {
        "fr": "Assemblée parlementaire de la Méditerranée",
        "es": "Asamblea Parlamentaria del Mediterráneo",
    },
    "osce": {
        "fr": "Organisation pour la sécurité et la coopération en Europe",
        "es": "Organización para la Seguridad y la Cooperación en Europa",
        "ar": "منظمة الأمن والتعاون في أوروبا",
        "ru": "Организация по безопасности и сотрудничеству в Европе",
        "zh-hans": "欧洲安全与合作组织",
    },
    "coe": {
        "fr": "Conseil de l'Europe",
        "es": "Consejo de Europa",
        "ar": "مجلس أوروبا",
        "ru": "Совет Европы",
        "zh-hans": "欧洲委员会",
    },
    "las": {
        "fr": "Ligue des États arabes",
        "es": "Liga de los Estados Árabes",
        "ar": "جامعة الدول العربية",
        "ru": "Лига арабских государств",
        "zh-hans": "阿拉伯国家联盟",
    },
    "gcc": {
        "fr": "Conseil de coopération du Golfe",
        "es": "Consejo de Cooperación del Golfo",
        "ar": "مجلس التعاون لدول الخليج العربية",
        "ru": "Совет сотрудничества стран Залива",
        "zh-hans": "海湾合作委员会",
    },
    "asean": {
        "fr": "Association des nations de l'Asie du Sud-Est",
        "es": "Asociación de Naciones de Asia Sudoriental",
        "ar": "رابطة أمم جنوب شرق آسيا",
        "ru": "Ассоциация государств Юго-Восточной Азии",
        "zh-hans": "东南亚国家联盟",
    },
    "sco": {
        "fr": "Organisation de Shanghai pour la coopération",
        "es": "Organización de Cooperación de Shanghái",
        "ar": "منظمة شانغهاي للتعاون",
        "ru": "Шанхайская организация сотрудничества",
        "zh-hans": "上海合作组织",
    },
    "cis": {
        "fr": "Communauté d'États indépendants",
        "es": "Comunidad de Estados Independientes",
        "ar": "رابطة الدول المستقلة",
        "ru": "Содружество Независимых Государств",
        "zh-hans": "独立国家联合体",
    },
    "csto": {
        "fr": "Organisation du Traité de sécurité collective",
        "es": "Organización del Tratado de Seguridad Colectiva",
        "ar": "منظمة معاهدة الأمن الجماعي",
        "ru": "Организация Договора о коллективной безопасности",
        "zh-hans": "集体安全条约组织",
    },
    "oas": {
        "fr": "Organisation des États américains",
        "es": "Organización de los Estados Americanos",
        "ar": "منظمة الدول الأمريكية",
        "ru": "Организация американских государств",
        "zh-hans": "美洲国家组织",
    },
    "ecowas": {
        "fr": "Communauté économique des États de l'Afrique de l'Ouest",
        "es": "Comunidad Económica de los Estados de África Occidental",
        "ar": "الجماعة الاقتصادية لدول غرب أفريقيا",
        "ru": "Экономическое сообщество западноафриканских государств",
        "zh-hans": "西非国家经济共同体",
    },
    "igad": {
        "fr": "Autorité intergouvernementale pour le développement",
        "es": "Autoridad Intergubernamental para el Desarrollo",
        "ar": "الهيئة الحكومية الدولية المعنية بالتنمية",
        "ru": "Межправительственная организация по развитию",
        "zh-hans": "政府间发展组织",
    },
    "sadc": {
        "fr": "Communauté de développement de l'Afrique australe",
        "es": "Comunidad de África Meridional para el Desarrollo",
        "ar": "الجماعة الإنمائية للجنوب الأفريقي",
        "ru": "Сообщество по вопросам развития юга Африки",
        "zh-hans": "南部非洲发展共同体",
    },
    "eccas": {
        "fr": "Communauté économique des États de l'Afrique centrale",
        "es": "Comunidad Económica de los Estados de África Central",
        "ar": "الجماعة الاقتصادية لدول وسط أفريقيا",
        "ru": "Экономическое сообщество центральноафриканских государств",
        "zh-hans": "中部非洲国家经济共同体",
    },
    "pif": {
        "fr": "Forum des îles du Pacifique",
        "es": "Foro de las Islas del Pacífico",
        "ar": "منتدى جزر المحيط الهادئ",
        "ru": "Форум тихоокеанских островов",
        "zh-hans": "太平洋岛屿论坛",
    },
}

# --- The Coordination Committee and the eight Working Groups -------------------------------------

_HUMAN_RIGHTS_BASIS = {
    "fr": "dans le respect des droits de l'homme et de l'état de droit, qui en sont le "
    "fondement, conformément au droit international, notamment le droit international des droits "
    "de l'homme, le droit international humanitaire et le droit international des réfugiés",
    "es": "con el respeto de los derechos humanos y el estado de derecho como base fundamental, "
    "de conformidad con el derecho internacional, incluidos el derecho internacional de los "
    "derechos humanos, el derecho internacional humanitario y el derecho internacional de los "
    "refugiados",
    "ar": "مع احترام حقوق الإنسان وسيادة القانون بوصفهما الأساس الجوهري، وفقاً للقانون الدولي، "
    "بما في ذلك القانون الدولي لحقوق الإنسان والقانون الدولي الإنساني والقانون الدولي للاجئين",
    "ru": "при соблюдении прав человека и верховенства права как фундаментальной основы, в "
    "соответствии с международным правом, включая международное право прав человека, "
    "международное гуманитарное право и международное беженское право",
    "zh-hans": "以尊重人权和法治为根本基础，遵守国际法，包括国际人权法、国际人道法和国际难民法",
}

COMMITTEE = {
    "name": {
        "fr": "Comité de coordination du Pacte mondial de coordination contre le terrorisme",
        "es": "Comité de Coordinación del Pacto Mundial de Coordinación de la Lucha Antiterrorista",
        "ar": "لجنة التنسيق التابعة للاتفاق العالمي لتنسيق مكافحة الإرهاب",
        "ru": "Координационный комитет Глобального договора о координации контртеррористической "
        "деятельности",
        "zh-hans": "全球反恐协调契约协调委员会",
    },
    "short_name": {
        "fr": "Comité de coordination",
        "es": "Comité de Coordinación",
        "ar": "لجنة التنسيق",
        "ru": "Координационный комитет",
        "zh-hans": "协调委员会",
    },
}

WORKING_GROUPS = {
    1: {
        "name": {
            "fr": "Groupe de travail sur la prévention et la répression de l'extrémisme violent "
            "pouvant conduire au terrorisme",
            "es": "Grupo de Trabajo sobre la Prevención y la Lucha contra el Extremismo Violento "
            "que Conduce al Terrorismo",
            "ar": "الفريق العامل المعني بمنع ومكافحة التطرف العنيف المفضي إلى الإرهاب",
            "ru": "Рабочая группа по предупреждению воинствующего экстремизма, ведущего к "
            "терроризму, и противодействию ему",
            "zh-hans": "防止和打击助长恐怖主义的暴力极端主义工作组",
        },
        "short_name": {
            "fr": "Prévention et répression de l'extrémisme violent pouvant conduire au terrorisme",
            "es": "Prevención y lucha contra el extremismo violento que conduce al terrorismo",
            "ar": "منع ومكافحة التطرف العنيف المفضي إلى الإرهاب",
            "ru": "Предупреждение воинствующего экстремизма, ведущего к терроризму, и "
            "противодействие ему",
            "zh-hans": "防止和打击助长恐怖主义的暴力极端主义",
        },
        "objectives": {
            "fr": "Promouvoir la coordination et la cohérence afin d'aider les États Membres à "
            "prévenir et combattre l'extrémisme violent pouvant conduire au terrorisme, "
            + _HUMAN_RIGHTS_BASIS["fr"]
            + ", en mettant particulièrement l'accent sur l'égalité des genres et l'autonomisation "
            "des jeunes.",
            "es": "Promover la coordinación y la coherencia para apoyar a los Estados Miembros en "
            "la prevención y la lucha contra el extremismo violento que conduce al terrorismo, "
            + _HUMAN_RIGHTS_BASIS["es"]
            + ", y prestando especial atención a la igualdad de género y el empoderamiento de los "
            "jóvenes.",
            "ar": "تعزيز التنسيق والاتساق لدعم الدول الأعضاء في منع ومكافحة التطرف العنيف المفضي "
            "إلى الإرهاب، "
            + _HUMAN_RIGHTS_BASIS["ar"]
            + "، مع التركيز بشكل أساسي على المساواة بين الجنسين وتمكين الشباب.",
            "ru": "Содействовать координации и согласованности в целях оказания государствам-"
            "членам поддержки в предупреждении воинствующего экстремизма, ведущего к терроризму, "
            "и противодействии ему "
            + _HUMAN_RIGHTS_BASIS["ru"]
            + ", с уделением особого внимания гендерному равенству и расширению прав и "
            "возможностей молодежи.",
            "zh-hans": "促进协调和一致，支持会员国防止和打击助长恐怖主义的暴力极端主义，"
            + _HUMAN_RIGHTS_BASIS["zh-hans"]
            + "，并特别注重性别平等和增强青年权能。",
        },
    },
    2: {
        "name": {
            "fr": "Groupe de travail sur la gestion des frontières et l'application de la loi "
            "dans le cadre de la lutte antiterroriste",
            "es": "Grupo de Trabajo sobre Gestión de Fronteras y Aplicación de la Ley en relación "
            "con la Lucha contra el Terrorismo",
            "ar": "الفريق العامل المعني بإدارة الحدود وإنفاذ القانون فيما يتعلق بمكافحة الإرهاب",
            "ru": "Рабочая группа по вопросам пограничного контроля и правоохранительной "
            "деятельности в связи с борьбой с терроризмом",
            "zh-hans": "与反恐有关的边境管理和执法工作组",
        },
        "short_name": {
            "fr": "Gestion des frontières et application de la loi dans le cadre de la lutte "
            "antiterroriste",
            "es": "Gestión de fronteras y aplicación de la ley en relación con la lucha contra el "
            "terrorismo",
            "ar": "إدارة الحدود وإنفاذ القانون فيما يتعلق بمكافحة الإرهاب",
            "ru": "Пограничный контроль и правоохранительная деятельность в связи с борьбой с "
            "терроризмом",
            "zh-hans": "与反恐有关的边境管理和执法",
        },
        "objectives": {
            "fr": "Promouvoir la coordination et la cohérence afin d'aider les États Membres à "
            "mettre en œuvre des mesures de lutte contre le terrorisme dans les domaines de la "
            "gestion des frontières et de l'application de la loi, "
            + _HUMAN_RIGHTS_BASIS["fr"]
            + ".",
            "es": "Promover la coordinación y la coherencia para apoyar a los Estados Miembros en "
            "la aplicación de medidas de lucha contra el terrorismo en el ámbito de la gestión de "
            "fronteras y la aplicación de la ley, " + _HUMAN_RIGHTS_BASIS["es"] + ".",
            "ar": "تعزيز التنسيق والاتساق لدعم الدول الأعضاء في تنفيذ تدابير مكافحة الإرهاب في "
            "مجال إدارة الحدود وإنفاذ القانون، " + _HUMAN_RIGHTS_BASIS["ar"] + ".",
            "ru": "Содействовать координации и согласованности в целях оказания государствам-"
            "членам поддержки в осуществлении контртеррористических мер в области пограничного "
            "контроля и правоохранительной деятельности " + _HUMAN_RIGHTS_BASIS["ru"] + ".",
            "zh-hans": "促进协调和一致，支持会员国在边境管理和执法领域实施反恐措施，"
            + _HUMAN_RIGHTS_BASIS["zh-hans"]
            + "。",
        },
    },
    3: {
        "name": {
            "fr": "Groupe de travail sur les menaces émergentes et la protection des "
            "infrastructures critiques",
            "es": "Grupo de Trabajo sobre Amenazas Emergentes y Protección de Infraestructuras "
            "Críticas",
            "ar": "الفريق العامل المعني بالتهديدات الناشئة وحماية الهياكل الأساسية الحيوية",
            "ru": "Рабочая группа по новым угрозам и защите критически важных объектов "
            "инфраструктуры",
            "zh-hans": "新出现的威胁和关键基础设施保护工作组",
        },
        "short_name": {
            "fr": "Menaces émergentes et protection des infrastructures critiques",
            "es": "Amenazas emergentes y protección de infraestructuras críticas",
            "ar": "التهديدات الناشئة وحماية الهياكل الأساسية الحيوية",
            "ru": "Новые угрозы и защита критически важных объектов инфраструктуры",
            "zh-hans": "新出现的威胁和关键基础设施保护",
        },
        "objectives": {
            "fr": "Promouvoir la coordination et la cohérence afin d'aider les États Membres à "
            "prévenir les menaces terroristes émergentes et à y faire face, notamment celles liées "
            "à l'utilisation abusive de matières chimiques, biologiques, nucléaires et "
            "radiologiques, et à renforcer la protection des infrastructures critiques, y compris "
            "celles qui abritent ces matières, contre les attaques terroristes, "
            + _HUMAN_RIGHTS_BASIS["fr"]
            + ".",
            "es": "Promover la coordinación y la coherencia para apoyar a los Estados Miembros en "
            "la prevención y la respuesta a las amenazas terroristas emergentes, incluidas las "
            "relacionadas con el uso indebido de materiales químicos, biológicos, nucleares y "
            "radiológicos, y en el fortalecimiento de la protección de las infraestructuras "
            "críticas, incluidas las que albergan esos materiales, frente a los atentados "
            "terroristas, " + _HUMAN_RIGHTS_BASIS["es"] + ".",
            "ar": "تعزيز التنسيق والاتساق لدعم الدول الأعضاء في منع التهديدات الإرهابية الناشئة "
            "والتصدي لها، بما في ذلك التهديدات المتصلة بإساءة استخدام المواد "
            "الكيميائية والبيولوجية "
            "والنووية والإشعاعية، وتعزيز حماية الهياكل الأساسية الحيوية، بما فيها المنشآت التي تضم "
            "هذه المواد، من الهجمات الإرهابية، " + _HUMAN_RIGHTS_BASIS["ar"] + ".",
            "ru": "Содействовать координации и согласованности в целях оказания государствам-"
            "членам поддержки в предупреждении новых террористических угроз и реагировании на "
            "них, в том числе угроз, связанных с неправомерным использованием химических, "
            "биологических, ядерных и радиологических материалов, и в усилении защиты критически "
            "важных объектов инфраструктуры, включая объекты, где хранятся такие материалы, от "
            "террористических нападений " + _HUMAN_RIGHTS_BASIS["ru"] + ".",
            "zh-hans": "促进协调和一致，支持会员国防范和应对新出现的恐怖主义威胁，包括与滥用化学、"
            "生物、核和放射性材料有关的威胁，并加强对关键基础设施（包括存放此类材料的基础设施）"
            "的保护，使其免遭恐怖袭击，" + _HUMAN_RIGHTS_BASIS["zh-hans"] + "。",
        },
    },
    4: {
        "name": {
            "fr": "Groupe de travail sur la justice pénale, les réponses juridiques et la lutte "
            "contre le financement du terrorisme",
            "es": "Grupo de Trabajo sobre Justicia Penal, Respuestas Jurídicas y Lucha contra la "
            "Financiación del Terrorismo",
            "ar": "الفريق العامل المعني بالعدالة الجنائية والتدابير القانونية "
            "ومكافحة تمويل الإرهاب",
            "ru": "Рабочая группа по вопросам уголовного правосудия, правовых мер и "
            "противодействия финансированию терроризма",
            "zh-hans": "刑事司法、法律对策和打击资助恐怖主义工作组",
        },
        "short_name": {
            "fr": "Justice pénale, réponses juridiques et lutte contre le financement du "
            "terrorisme",
            "es": "Justicia penal, respuestas jurídicas y lucha contra la financiación del "
            "terrorismo",
            "ar": "العدالة الجنائية والتدابير القانونية ومكافحة تمويل الإرهاب",
            "ru": "Уголовное правосудие, правовые меры и противодействие финансированию терроризма",
            "zh-hans": "刑事司法、法律对策和打击资助恐怖主义",
        },
        "objectives": {
            "fr": "Promouvoir la coordination et la cohérence afin de renforcer le rôle essentiel "
            "du secteur de la justice pénale et son action contre le financement du terrorisme, "
            "conformément au cadre juridique universel de lutte contre le terrorisme, en "
            "particulier les 19 conventions et protocoles internationaux relatifs au terrorisme et "
            "les résolutions pertinentes de l'Assemblée générale et du Conseil de sécurité, ainsi "
            "qu'au droit international, notamment le droit international des droits de l'homme, "
            "le droit international humanitaire et le droit international des réfugiés.",
            "es": "Promover la coordinación y la coherencia para reforzar el papel fundamental del "
            "sector de la justicia penal y sus esfuerzos en la lucha contra la financiación del "
            "terrorismo, de conformidad con el marco jurídico universal contra el terrorismo, en "
            "particular los 19 convenios y protocolos internacionales relativos al terrorismo y "
            "las resoluciones pertinentes de la Asamblea General y del Consejo de Seguridad, así "
            "como con el derecho internacional, incluidos el derecho internacional de los derechos "
            "humanos, el derecho internacional humanitario y el derecho internacional de los "
            "refugiados.",
            "ar": "تعزيز التنسيق والاتساق من أجل تدعيم الدور الحاسم لقطاع العدالة الجنائية وجهوده "
            "في مكافحة تمويل الإرهاب، وفقاً للإطار القانوني العالمي لمكافحة الإرهاب، ولا سيما "
            "الاتفاقيات والبروتوكولات الدولية التسعة عشر المتعلقة بالإرهاب، وقرارات الجمعية العامة "
            "ومجلس الأمن ذات الصلة، فضلاً عن القانون الدولي، بما في ذلك القانون الدولي لحقوق "
            "الإنسان والقانون الدولي الإنساني والقانون الدولي للاجئين.",
            "ru": "Содействовать координации и согласованности в целях укрепления важнейшей роли "
            "сектора уголовного правосудия и его усилий по противодействию финансированию "
            "терроризма в соответствии с универсальной правовой базой борьбы с терроризмом, в "
            "особенности 19 международными конвенциями и протоколами, касающимися терроризма, "
            "соответствующими резолюциями Генеральной Ассамблеи и Совета Безопасности, а также "
            "международным правом, включая международное право прав человека, международное "
            "гуманитарное право и международное беженское право.",
            "zh-hans": "促进协调和一致，依照打击恐怖主义的普遍法律框架，特别是19项与恐怖主义有关的"
            "国际公约和议定书、大会和安全理事会相关决议以及国际法，包括国际人权法、国际人道法和"
            "国际难民法，加强刑事司法部门的关键作用及其打击资助恐怖主义的工作。",
        },
    },
    5: {
        "name": {
            "fr": "Groupe de travail sur la mobilisation des ressources, le suivi et l'évaluation",
            "es": "Grupo de Trabajo sobre Movilización de Recursos, Seguimiento y Evaluación",
            "ar": "الفريق العامل المعني بتعبئة الموارد والرصد والتقييم",
            "ru": "Рабочая группа по мобилизации ресурсов, мониторингу и оценке",
            "zh-hans": "资源调动、监测和评价工作组",
        },
        "short_name": {
            "fr": "Mobilisation des ressources, suivi et évaluation",
            "es": "Movilización de recursos, seguimiento y evaluación",
            "ar": "تعبئة الموارد والرصد والتقييم",
            "ru": "Мобилизация ресурсов, мониторинг и оценка",
            "zh-hans": "资源调动、监测和评价",
        },
        "objectives": {
            "fr": "Favoriser l'échange de bonnes pratiques pour honorer les engagements du Pacte "
            "mondial de coordination contre le terrorisme, grâce à l'élaboration d'un cadre commun "
            "de suivi et d'évaluation et des outils qui l'accompagnent, à la fourniture "
            "d'orientations et à la contribution aux efforts coordonnés de mobilisation des "
            "ressources de toutes les entités du Pacte, notamment au moyen d'un appel pluriannuel "
            "consolidé.",
            "es": "Apoyar el intercambio de mejores prácticas para cumplir el compromiso del Pacto "
            "Mundial de Coordinación de la Lucha Antiterrorista mediante la elaboración de un "
            "marco común de seguimiento y evaluación y de las herramientas que lo acompañan, la "
            "prestación de orientación y la contribución a los esfuerzos coordinados de "
            "movilización de recursos de todas las entidades del Pacto, en particular mediante un "
            "llamamiento plurianual consolidado.",
            "ar": "دعم تبادل أفضل الممارسات بشأن الوفاء بالتزامات الاتفاق العالمي لتنسيق مكافحة "
            "الإرهاب، من خلال وضع إطار مشترك للرصد والتقييم وما يرافقه من أدوات، وتقديم التوجيه، "
            "والمساهمة في جهود تعبئة الموارد المنسقة التي تبذلها جميع كيانات الاتفاق، ولا سيما من "
            "خلال نداء موحد متعدد السنوات.",
            "ru": "Поддерживать обмен передовым опытом в выполнении обязательств в рамках "
            "Глобального договора о координации контртеррористической деятельности посредством "
            "разработки общей системы мониторинга и оценки и сопутствующих инструментов, "
            "предоставления руководящих указаний и содействия скоординированным усилиям всех "
            "участников Договора по мобилизации ресурсов, в частности в рамках сводного "
            "многолетнего призыва.",
            "zh-hans": "通过制定共同的监测和评价框架及配套工具、提供指导并为所有契约实体协调一致的"
            "资源调动工作作出贡献（特别是通过多年期综合呼吁），支持分享履行全球反恐协调契约承诺的"
            "最佳做法。",
        },
    },
    6: {
        "name": {
            "fr": "Groupe de travail sur les stratégies nationales et régionales de lutte contre "
            "le terrorisme",
            "es": "Grupo de Trabajo sobre Estrategias Nacionales y Regionales de Lucha contra el "
            "Terrorismo",
            "ar": "الفريق العامل المعني بالاستراتيجيات الوطنية والإقليمية لمكافحة الإرهاب",
            "ru": "Рабочая группа по национальным и региональным контртеррористическим стратегиям",
            "zh-hans": "国家和区域反恐战略工作组",
        },
        "short_name": {
            "fr": "Stratégies nationales et régionales de lutte contre le terrorisme",
            "es": "Estrategias nacionales y regionales de lucha contra el terrorismo",
            "ar": "الاستراتيجيات الوطنية والإقليمية لمكافحة الإرهاب",
            "ru": "Национальные и региональные контртеррористические стратегии",
            "zh-hans": "国家和区域反恐战略",
        },
        "objectives": {
            "fr": "- Aider les États Membres et les organisations régionales à élaborer des "
            "stratégies de lutte contre le terrorisme qui tiennent compte des quatre piliers de la "
            "Stratégie antiterroriste mondiale des Nations Unies, conformément aux résolutions "
            "pertinentes de l'Assemblée générale et du Conseil de sécurité.\n"
            "- Veiller à ce que ces stratégies visent à lutter contre le terrorisme de manière "
            "globale, complète et intégrée, conformément au droit international, notamment le "
            "droit international des droits de l'homme, le droit international humanitaire et le "
            "droit international des réfugiés, tout en garantissant l'égalité des genres et "
            "l'autonomisation des jeunes grâce à la collaboration avec la société civile, les "
            "milieux universitaires, les groupes de réflexion et le secteur privé.",
            "es": "- Apoyar a los Estados Miembros y las organizaciones regionales en la "
            "elaboración de estrategias de lucha contra el terrorismo que reflejen los cuatro "
            "pilares de la Estrategia Global de las Naciones Unidas contra el Terrorismo, de "
            "conformidad con las resoluciones pertinentes de la Asamblea General y del Consejo de "
            "Seguridad.\n"
            "- Velar por que esas estrategias tengan por objeto combatir el terrorismo de manera "
            "holística, amplia e integrada, de conformidad con el derecho internacional, incluidos "
            "el derecho internacional de los derechos humanos, el derecho internacional "
            "humanitario y el derecho internacional de los refugiados, garantizando al mismo "
            "tiempo la igualdad de género y el empoderamiento de los jóvenes mediante la "
            "colaboración con la sociedad civil, el mundo académico, los centros de estudios y el "
            "sector privado.",
            "ar": "- دعم الدول الأعضاء والمنظمات الإقليمية في وضع استراتيجياتها لمكافحة الإرهاب "
            "بحيث تعكس الركائز الأربع لاستراتيجية الأمم المتحدة العالمية لمكافحة الإرهاب ووفقاً "
            "لقرارات الجمعية العامة ومجلس الأمن ذات الصلة.\n"
            "- ضمان أن تهدف هذه الاستراتيجيات إلى مكافحة الإرهاب بطريقة شاملة وكاملة ومتكاملة، "
            "وفقاً للقانون الدولي، بما في ذلك القانون الدولي لحقوق الإنسان والقانون الدولي الإنساني "
            "والقانون الدولي للاجئين، مع ضمان المساواة بين الجنسين وتمكين الشباب من خلال إشراك "
            "المجتمع المدني والأوساط الأكاديمية ومراكز الفكر والقطاع الخاص.",
            "ru": "- Оказывать государствам-членам и региональным организациям поддержку в "
            "разработке контртеррористических стратегий, отражающих все четыре компонента "
            "Глобальной контртеррористической стратегии Организации Объединенных Наций, в "
            "соответствии с соответствующими резолюциями Генеральной Ассамблеи и Совета "
            "Безопасности.\n"
            "- Обеспечивать, чтобы эти стратегии были направлены на борьбу с терроризмом на "
            "основе целостного, всеобъемлющего и комплексного подхода в соответствии с "
            "международным правом, включая международное право прав человека, международное "
            "гуманитарное право и международное беженское право, и одновременно обеспечивали "
            "гендерное равенство и расширение прав и возможностей молодежи благодаря "
            "взаимодействию с гражданским обществом, научными кругами, аналитическими центрами и "
            "частным сектором.",
            "zh-hans": "- 支持会员国和区域组织制定体现《联合国全球反恐战略》所有四个支柱并符合大会"
            "和安全理事会相关决议的反恐战略。\n"
            "- 确保这些战略以全面、综合和统筹的方式打击恐怖主义，遵守国际法，包括国际人权法、"
            "国际人道法和国际难民法，同时通过与民间社会、学术界、智库和私营部门的合作，确保性别"
            "平等和增强青年权能。",
        },
    },
    7: {
        "name": {
            "fr": "Groupe de travail sur la protection et la promotion des droits de l'homme et de "
            "l'état de droit et le soutien aux victimes du terrorisme",
            "es": "Grupo de Trabajo sobre la Protección y Promoción de los Derechos Humanos y el "
            "Estado de Derecho y el Apoyo a las Víctimas del Terrorismo",
            "ar": "الفريق العامل المعني بحماية وتعزيز حقوق الإنسان وسيادة القانون ودعم ضحايا "
            "الإرهاب",
            "ru": "Рабочая группа по защите и поощрению прав человека и верховенства права и "
            "поддержке жертв терроризма",
            "zh-hans": "保护和促进人权、法治及支持恐怖主义受害者工作组",
        },
        "short_name": {
            "fr": "Promotion et protection des droits de l'homme et de l'état de droit dans la "
            "lutte antiterroriste et soutien aux victimes du terrorisme",
            "es": "Promoción y protección de los derechos humanos y el estado de derecho en la "
            "lucha contra el terrorismo y apoyo a las víctimas del terrorismo",
            "ar": "تعزيز وحماية حقوق الإنسان وسيادة القانون في سياق مكافحة الإرهاب ودعم ضحايا "
            "الإرهاب",
            "ru": "Поощрение и защита прав человека и верховенства права в условиях борьбы с "
            "терроризмом и поддержка жертв терроризма",
            "zh-hans": "在反恐中促进和保护人权与法治并支持恐怖主义受害者",
        },
        "objectives": {
            "fr": "- Aider les États Membres à garantir le respect des droits de l'homme et de "
            "l'état de droit dans la lutte contre le terrorisme, et à promouvoir et protéger les "
            "droits des victimes du terrorisme\u00a0;\n"
            "- Fournir des orientations aux États Membres pour que leurs mesures de lutte contre "
            "le terrorisme soient conformes aux obligations qui leur incombent en vertu du droit "
            "international humanitaire\u00a0;\n"
            "- Aider les États Membres et les autres groupes de travail à combler les lacunes en "
            "intégrant les droits de l'homme.",
            "es": "- Apoyar a los Estados Miembros para garantizar el respeto de los derechos "
            "humanos y el estado de derecho en la lucha contra el terrorismo, y promover y "
            "proteger los derechos de las víctimas del terrorismo;\n"
            "- Orientar a los Estados Miembros para que sus medidas de lucha contra el terrorismo "
            "se ajusten a las obligaciones que les incumben en virtud del derecho internacional "
            "humanitario;\n"
            "- Apoyar a los Estados Miembros y a otros grupos de trabajo para subsanar las "
            "deficiencias mediante la incorporación de los derechos humanos.",
            "ar": "- دعم الدول الأعضاء في ضمان احترام حقوق الإنسان وسيادة القانون في مكافحة "
            "الإرهاب، وتعزيز وحماية حقوق ضحايا الإرهاب؛\n"
            "- تقديم التوجيه إلى الدول الأعضاء لضمان اتساق تدابيرها لمكافحة الإرهاب مع التزاماتها "
            "بموجب القانون الدولي الإنساني؛\n"
            "- دعم الدول الأعضاء والأفرقة العاملة الأخرى في سد الثغرات من خلال تعميم مراعاة حقوق "
            "الإنسان.",
            "ru": "- Оказывать государствам-членам поддержку в обеспечении уважения прав человека "
            "и верховенства права в борьбе с терроризмом, а также в поощрении и защите прав жертв "
            "терроризма;\n"
            "- Предоставлять государствам-членам рекомендации по обеспечению соответствия их "
            "контртеррористических мер обязательствам по международному гуманитарному праву;\n"
            "- Оказывать государствам-членам и другим рабочим группам поддержку в устранении "
            "пробелов путем учета прав человека во всех направлениях деятельности.",
            "zh-hans": "- 支持会员国在反恐斗争中确保尊重人权和法治，促进和保护恐怖主义受害者的"
            "权利；\n"
            "- 为会员国提供指导，确保其反恐措施符合其根据国际人道法承担的义务；\n"
            "- 通过将人权纳入主流，支持会员国和其他工作组弥补差距。",
        },
    },
    8: {
        "name": {
            "fr": "Groupe de travail sur l'adoption d'une approche tenant compte des questions de "
            "genre pour prévenir et combattre le terrorisme",
            "es": "Grupo de Trabajo sobre la Adopción de un Enfoque que Tenga en Cuenta las "
            "Cuestiones de Género para Prevenir y Combatir el Terrorismo",
            "ar": "الفريق العامل المعني باعتماد نهج مراعٍ للاعتبارات الجنسانية في منع الإرهاب "
            "ومكافحته",
            "ru": "Рабочая группа по применению учитывающего гендерную проблематику подхода к "
            "предупреждению терроризма и борьбе с ним",
            "zh-hans": "采取性别敏感方法防止和打击恐怖主义工作组",
        },
        "short_name": {
            "fr": "Adoption d'une approche tenant compte des questions de genre pour prévenir et "
            "combattre le terrorisme",
            "es": "Adopción de un enfoque que tenga en cuenta las cuestiones de género para "
            "prevenir y combatir el terrorismo",
            "ar": "اعتماد نهج مراعٍ للاعتبارات الجنسانية في منع الإرهاب ومكافحته",
            "ru": "Применение учитывающего гендерную проблематику подхода к предупреждению "
            "терроризма и борьбе с ним",
            "zh-hans": "采取性别敏感方法防止和打击恐怖主义",
        },
        "objectives": {
            "fr": "Appuyer l'intégration des questions de genre, promouvoir l'égalité des "
            "genres et intégrer le programme pour les femmes et la paix et la sécurité dans le "
            "cadre du Pacte mondial de coordination contre le terrorisme.",
            "es": "Apoyar la incorporación de la perspectiva de género, promover la igualdad de "
            "género e integrar la agenda sobre las mujeres y la paz y la seguridad en el "
            "marco del Pacto Mundial de Coordinación de la Lucha Antiterrorista.",
            "ar": "دعم تعميم مراعاة المنظور الجنساني، وتعزيز المساواة بين الجنسين، وإدماج "
            "خطة المرأة والسلام والأمن في إطار الاتفاق العالمي لتنسيق مكافحة الإرهاب.",
            "ru": "Содействовать учету гендерной проблематики, поощрять гендерное равенство и "
            "интегрировать повестку дня в области женщин, мира и безопасности в рамках "
            "Глобального договора о координации контртеррористической деятельности.",
            "zh-hans": "支持将性别平等观点纳入主流，促进性别平等，并在全球反恐协调契约框架内纳入"
            "妇女与和平与安全议程。",
        },
    },
}

# --- The Joint Programme of Work 2024–2026 and its five priorities -------------------------------

JOINT_PROGRAMME = {
    "title": {
        "fr": "Programme de travail conjoint 2024-2026",
        "es": "Programa de Trabajo Conjunto 2024-2026",
        "ar": "برنامج العمل المشترك للفترة 2024-2026",
        "ru": "Совместная программа работы на 2024–2026 годы",
        "zh-hans": "2024-2026年联合工作方案",
    },
}

PRIORITIES = {
    1: {
        "title": {
            "fr": "Renforcer la coordination et la cohérence de l'action antiterroriste des "
            "Nations Unies",
            "es": "Mejorar la coordinación y la coherencia de los esfuerzos de las Naciones Unidas "
            "contra el terrorismo",
            "ar": "تعزيز تنسيق واتساق جهود الأمم المتحدة في مجال مكافحة الإرهاب",
            "ru": "Повышение координации и согласованности контртеррористических усилий "
            "Организации Объединенных Наций",
            "zh-hans": "加强联合国反恐工作的协调和一致性",
        },
    },
    2: {
        "title": {
            "fr": "Renforcer la collaboration avec les États Membres",
            "es": "Fortalecer la colaboración con los Estados Miembros",
            "ar": "تعزيز التواصل مع الدول الأعضاء",
            "ru": "Укрепление взаимодействия с государствами-членами",
            "zh-hans": "加强与会员国的接触",
        },
    },
    3: {
        "title": {
            "fr": "Développer les partenariats avec les entités régionales, la société civile, les "
            "milieux universitaires et le secteur privé",
            "es": "Impulsar las alianzas con entidades regionales, la sociedad civil, el mundo "
            "académico y el sector privado",
            "ar": "النهوض بالشراكات مع الكيانات الإقليمية والمجتمع المدني والأوساط الأكاديمية "
            "والقطاع الخاص",
            "ru": "Развитие партнерских отношений с региональными структурами, гражданским "
            "обществом, научными кругами и частным сектором",
            "zh-hans": "推进与区域实体、民间社会、学术界和私营部门的伙伴关系",
        },
    },
    4: {
        "title": {
            "fr": "Consolider la planification conjointe et la mobilisation des ressources pour "
            "l'action antiterroriste des Nations Unies",
            "es": "Consolidar la planificación conjunta y la movilización de recursos para los "
            "esfuerzos de las Naciones Unidas contra el terrorismo",
            "ar": "توطيد التخطيط المشترك وتعبئة الموارد لجهود الأمم المتحدة في مجال مكافحة الإرهاب",
            "ru": "Консолидация совместного планирования и мобилизации ресурсов для "
            "контртеррористических усилий Организации Объединенных Наций",
            "zh-hans": "巩固联合国反恐工作的联合规划和资源调动",
        },
    },
    5: {
        "title": {
            "fr": "Assurer l'intégration des questions de genre, des droits de l'homme et de "
            "l'état de droit dans la lutte contre le terrorisme et la prévention de l'extrémisme "
            "violent",
            "es": "Garantizar la incorporación de las cuestiones de género, los derechos humanos y "
            "el estado de derecho en la lucha contra el terrorismo y la prevención del extremismo "
            "violento",
            "ar": "ضمان تعميم مراعاة المنظور الجنساني وحقوق الإنسان وسيادة القانون في سياق مكافحة "
            "الإرهاب ومنع التطرف العنيف",
            "ru": "Обеспечение учета гендерной проблематики, прав человека и верховенства права в "
            "контексте борьбы с терроризмом и предупреждения воинствующего экстремизма",
            "zh-hans": "确保在打击恐怖主义和防止暴力极端主义方面将性别、人权和法治纳入主流",
        },
    },
}


# --- Member States: CLDR territory names through babel -------------------------------------------


def babel_locale(code: str) -> str:
    """The babel/CLDR locale of a portal language code: "zh-hans" → "zh_Hans"."""
    language, _, script = code.partition("-")
    return f"{language}_{script.title()}" if script else language


@functools.cache
def _territories(code: str) -> dict:
    from babel import Locale

    return dict(Locale.parse(babel_locale(code)).territories)


def member_state_names(iso2: str) -> dict[str, str]:
    """{language: name} of a Member State in the five languages other than English (CLDR)."""
    names = {}
    for code in LANGUAGES:
        name = _territories(code).get(iso2.upper())
        if name:
            names[code] = name
    return names
