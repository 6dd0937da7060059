// Types of scripts/check.mjs, for its test.
export declare const checkLanes: readonly (readonly (readonly string[])[])[];
export declare function runLanes(lanes: readonly (readonly (readonly string[])[])[], print?: (text: string) => void): Promise<boolean>;
