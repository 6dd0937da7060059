/** The digit (1-6) of an Admiralty information credibility, as the grading prints it; UNSPECIFIED when not graded. */
import { InformationCredibility } from '@concord/web-contracts/intel';

export const credibilityDigit = (value: InformationCredibility) => InformationCredibility[value].replace('INFORMATION_CREDIBILITY_', '');
