/**
 * Result categories. The last three are the sensitive categories of the access policy: hidden from
 * proxies unless the patient shares them (the decision's `hiddenCategories`).
 */
export const RESULT_CATEGORIES = ['chemistry', 'hematology', 'endocrinology', 'lipids', 'urinalysis', 'microbiology', 'pathology', 'behavioral_health', 'substance_use', 'sexual_health', 'other'] as const;
export type ResultCategory = (typeof RESULT_CATEGORIES)[number];
