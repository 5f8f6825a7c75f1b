import type { Dialect, RecordMapper } from '../core/mapper.js';
import { DIAG_AUDIT, DIAG_SIGNIN } from './diag.js';
import { GRAPH_AUDIT, GRAPH_SIGNIN } from './graph.js';
import { LA_AUDIT, LA_SIGNIN } from './log-analytics.js';

/** The mappers that read one dialect; a record routed by none of them is rejected with the reason. */
export const MAPPERS_BY_DIALECT: Record<Dialect, readonly RecordMapper[]> = {
  graph: [GRAPH_SIGNIN, GRAPH_AUDIT],
  diag: [DIAG_SIGNIN, DIAG_AUDIT],
  la: [LA_SIGNIN, LA_AUDIT],
};
