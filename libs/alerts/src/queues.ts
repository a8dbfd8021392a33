/** BullMQ queue names and deterministic job ids (no colons: BullMQ uses them as key separators). */
export const ALERTS_QUEUE = 'alerts';
export const DELIVERIES_QUEUE = 'deliveries';

export const fireJobId = (deadlineId: string, leadTime: string, revision: string): string => `deadline-${deadlineId}-${leadTime}-v${revision}`;
export const reachJobId = (deadlineId: string, revision: string): string => `reach-${deadlineId}-v${revision}`;
export const deliveryJobId = (deliveryId: string): string => `delivery-${deliveryId}`;

export interface FireJob {
  deadlineId: string;
  leadTime: string;
  revision: string;
}
export interface ReachJob {
  deadlineId: string;
  revision: string;
}
export interface DeliveryJob {
  deliveryId: string;
}
