import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import type { Mailer } from './mail.ts';
import { actionsApi } from './modules/actions/index.ts';
import { adminApi } from './modules/admin/index.ts';
import {
  analysisApi,
  suggestedFocusAreas,
  type AnalysisService,
} from './modules/analysis/index.ts';
import { tokensApi } from './modules/api/index.ts';
import { auditApi } from './modules/audit/index.ts';
import { frameworkApi, type FrameworkVersions } from './modules/framework/index.ts';
import { questionnairesApi } from './modules/questionnaires/index.ts';
import { type ResponseImports, responsesApi } from './modules/responses/index.ts';
import { loadRound, roundsApi } from './modules/rounds/index.ts';
import { trustsApi } from './modules/trusts/index.ts';
import { peopleApi } from './modules/people/index.ts';
import { workshopsApi } from './modules/workshops/index.ts';
import { translationsApi, type TrustTranslations } from './modules/translations/index.ts';
import type { ApiOperation } from './web/api-route.ts';

export interface ApiServices {
  db: Database;
  config: Pick<Config, 'baseUrl' | 'sessionSecret'>;
  mailer: Mailer;
  versions: FrameworkVersions;
  responseImports: ResponseImports;
  analysis: AnalysisService;
  translations: TrustTranslations;
}

/** Every operation of the API, each module's in turn, in the order the OpenAPI document shows. */
export function apiOperations(s: ApiServices): ApiOperation[] {
  return [
    ...frameworkApi(s),
    ...adminApi(s),
    ...trustsApi(s),
    ...peopleApi(s),
    ...tokensApi(s),
    ...auditApi(s),
    ...roundsApi({ db: s.db, release: s.analysis.release }),
    ...questionnairesApi(s),
    ...translationsApi(s),
    ...workshopsApi(),
    ...responsesApi(s),
    ...analysisApi(s),
    ...actionsApi({
      // The round's suggested focus areas, read from its analysis; undefined: no such round.
      roundSuggestions: async (tx, roundId) => {
        const scope = await loadRound(tx, roundId);
        return scope === undefined ? undefined : suggestedFocusAreas(s, { tx, scope });
      },
    }),
  ];
}
