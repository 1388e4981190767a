// The allowed values of the FOCUS 1.3 Cost and Usage columns with a closed list (case-sensitive), and the
// ServiceCategory → ServiceSubcategory tree (FOCUS 1.3 specification §3.1).

const SERVICE_SUBCATEGORIES: Readonly<Record<string, readonly string[]>> = {
  'AI and Machine Learning': [
    'AI Platforms',
    'Bots',
    'Generative AI',
    'Machine Learning',
    'Natural Language Processing',
  ],
  Analytics: [
    'Analytics Platforms',
    'Business Intelligence',
    'Data Processing',
    'Search',
    'Streaming Analytics',
  ],
  'Business Applications': ['Productivity and Collaboration'],
  Compute: ['Containers', 'End User Computing', 'Quantum Compute', 'Serverless Compute', 'Virtual Machines'],
  Databases: [
    'Caching',
    'Data Warehouses',
    'Ledger Databases',
    'NoSQL Databases',
    'Relational Databases',
    'Time Series Databases',
  ],
  'Developer Tools': [
    'Developer Platforms',
    'Continuous Integration and Deployment',
    'Development Environments',
    'Source Code Management',
    'Quality Assurance',
  ],
  Multicloud: ['Multicloud Integration'],
  Identity: ['Identity and Access Management'],
  Integration: ['API Management', 'Messaging', 'Workflow Orchestration'],
  'Internet of Things': ['IoT Analytics', 'IoT Platforms'],
  'Management and Governance': [
    'Architecture',
    'Compliance',
    'Cost Management',
    'Data Governance',
    'Disaster Recovery',
    'Endpoint Management',
    'Observability',
    'Support',
  ],
  Media: ['Content Creation', 'Gaming', 'Media Streaming', 'Mixed Reality'],
  Migration: ['Data Migration', 'Resource Migration'],
  Mobile: [],
  Networking: [
    'Application Networking',
    'Content Delivery',
    'Network Connectivity',
    'Network Infrastructure',
    'Network Routing',
    'Network Security',
  ],
  Security: ['Secret Management', 'Security Posture Management', 'Threat Detection and Response'],
  Storage: ['Backup Storage', 'Block Storage', 'File Storage', 'Object Storage', 'Storage Platforms'],
  Web: ['Application Platforms'],
  Other: [],
};

/** ServiceSubcategory → its one parent ServiceCategory (each category also has `Other (<Category>)`). */
export const SUBCATEGORY_PARENT = new Map<string, string>(
  Object.entries(SERVICE_SUBCATEGORIES).flatMap(([cat, subs]) => [
    ...subs.map((s) => [s, cat] as [string, string]),
    [`Other (${cat})`, cat] as [string, string],
  ]),
);

/** Every column with a closed list of values, and the list. */
export const focusAllowedValues: Readonly<Record<string, readonly string[]>> = {
  ChargeCategory: ['Usage', 'Purchase', 'Tax', 'Credit', 'Adjustment'],
  ChargeClass: ['Correction'],
  ChargeFrequency: ['One-Time', 'Recurring', 'Usage-Based'],
  PricingCategory: ['Standard', 'Dynamic', 'Committed', 'Other'],
  CommitmentDiscountStatus: ['Used', 'Unused'],
  CommitmentDiscountCategory: ['Spend', 'Usage'],
  CapacityReservationStatus: ['Used', 'Unused'],
  ServiceCategory: Object.keys(SERVICE_SUBCATEGORIES),
  ServiceSubcategory: [...SUBCATEGORY_PARENT.keys()],
};

/** The same lists as sets, for lookups. */
export const ALLOWED_SETS: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  Object.entries(focusAllowedValues).map(([k, v]) => [k, new Set(v)]),
);
