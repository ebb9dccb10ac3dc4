/** Strings of accounts, home and pre-join pages. */
const account = {
  auth: {},
}

export type AccountMessages = typeof account
export default account
