/** payouts texts. */
export const payouts = {};
/** Admin payout desk and money tools texts. */
export const payoutsAdmin = {};
