import type { ItemStatus } from '../../core/db/schema.ts';

/**
 * The life of one requested provision (a case item), as a state machine. Every change goes
 * through canTransition(); the applicant sees each state in plain words on the status page.
 */
export const TRANSITIONS: Record<ItemStatus, readonly ItemStatus[]> = {
  awaiting_parent: ['received', 'waiting_list', 'withdrawn'],
  received: ['in_progress', 'information_requested', 'visit_planned', 'granted', 'rejected', 'withdrawn'],
  waiting_list: ['received', 'in_progress', 'rejected', 'withdrawn'],
  in_progress: ['information_requested', 'visit_planned', 'granted', 'rejected', 'withdrawn'],
  information_requested: ['in_progress', 'visit_planned', 'granted', 'rejected', 'withdrawn'],
  visit_planned: ['in_progress', 'information_requested', 'granted', 'rejected', 'withdrawn'],
  granted: ['delivered'],
  delivered: [],
  rejected: [],
  withdrawn: [],
};

export function canTransition(from: ItemStatus, to: ItemStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/** Still asked for or granted: such an item blocks a second request for the same child and period. */
export const ACTIVE_STATUSES: readonly ItemStatus[] = ['awaiting_parent', 'received', 'waiting_list', 'in_progress', 'information_requested', 'visit_planned', 'granted', 'delivered'];

/** The applicant may withdraw until the organisation has decided. */
export function applicantMayWithdraw(status: ItemStatus): boolean {
  return canTransition(status, 'withdrawn') && status !== 'granted';
}

export function isFinal(status: ItemStatus): boolean {
  return TRANSITIONS[status].length === 0;
}
