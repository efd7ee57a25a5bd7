/** A wrong transaction code this many times burns the offer: 6 digits cannot be guessed in 5 tries (1 in 200,000). */
export const MAX_TX_CODE_ATTEMPTS = 5;
export const OFFER_LIFETIME_SECONDS = 30 * 60;
export const ACCESS_TOKEN_SECONDS = 5 * 60;
export const NONCE_SECONDS = 5 * 60;
