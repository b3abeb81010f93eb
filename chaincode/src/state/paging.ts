/** The paging arguments of every listing: a page size of 1–MAX_PAGE_SIZE, a bookmark "" or an id. */
import { isId, isPageSize, MAX_PAGE_SIZE } from "../../../core/spec/rules.js";
import { reject } from "./reject.js";

export function requirePaging(pageSize: number, bookmark: string): void {
  if (!isPageSize(pageSize)) reject("InvalidArgument", `pageSize must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  if (bookmark !== "" && !isId(bookmark)) reject("InvalidArgument", `bookmark '${bookmark}' is not one this ledger returned`);
}
