import type { AccountMessages } from '../en/account'

/** Strings of accounts, home and pre-join pages. */
const account: AccountMessages = {
  auth: {},
}

export default account
