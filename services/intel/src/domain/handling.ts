/**
 * What a TLP 2.0 label allows, applied the same way by the originator and every recipient:
 *  - who may be told of feedback besides the originator;
 *  - whether, and how, a recipient may have the alert released to another agency.
 */
export const tlpLabels = ['clear', 'green', 'amber', 'amber-strict', 'red'] as const;
export type TlpLabel = (typeof tlpLabels)[number];

/** As TLP 2.0 writes it. */
export const tlpText = (label: TlpLabel): string => `TLP:${label.toUpperCase().replace('-', '+')}`;

/** forbidden: the label rules it out; consent: the originator decides; automatic: released on request. */
export type ForwardRule = 'forbidden' | 'consent' | 'automatic';

export function forwardRule(label: TlpLabel): ForwardRule {
  switch (label) {
    case 'red':
    case 'amber-strict':
      return 'forbidden';
    case 'amber':
      return 'consent';
    default:
      return 'automatic';
  }
}

export function forwardRefusal(label: TlpLabel): string {
  return label === 'red'
    ? `${tlpText(label)} is for its named recipients only: it cannot be forwarded`
    : `${tlpText(label)} restricts sharing to the recipient organisation: it cannot be forwarded`;
}

/**
 * Feedback always reaches the originator. Under RED and AMBER+STRICT it goes nowhere else: recipients
 * of such an alert are not to learn about each other's holdings through it.
 */
export const feedbackMayReachRecipients = (label: TlpLabel): boolean => forwardRule(label) !== 'forbidden';
