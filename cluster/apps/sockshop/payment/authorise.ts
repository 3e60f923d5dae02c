/** The payment rule of the real payment service: amounts above the decline limit (100.00 in the pinned image) fail. */
export const DEFAULT_DECLINE_OVER_AMOUNT = 100;

export interface Authorisation {
  authorised: boolean;
  message: string;
}

export function authorise(amount: number, declineOverAmount = DEFAULT_DECLINE_OVER_AMOUNT): Authorisation {
  if (amount > declineOverAmount) {
    return { authorised: false, message: `Payment declined: amount exceeds ${declineOverAmount.toFixed(2)}` };
  }
  return { authorised: true, message: 'Payment authorised' };
}
