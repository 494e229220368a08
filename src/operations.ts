import type { Config } from './config.ts';
import type { Database } from './db/client.ts';
import type { Mailer } from './mail.ts';
import { analysisApi } from './modules/analysis/api.ts';
import type { AnalysisService } from './modules/analysis/service.ts';
import { frameworkApi } from './modules/framework/api.ts';
import type { FrameworkVersions } from './modules/framework/versions.ts';
import { questionnairesApi } from './modules/questionnaires/api.ts';
import type { ResponseImports } from './modules/responses/imports.ts';
import { responsesApi } from './modules/responses/api.ts';
import { roundsApi } from './modules/rounds/api.ts';
import { trustsApi } from './modules/trusts/api.ts';
import { peopleApi } from './modules/people/api.ts';
import { workshopsApi } from './modules/workshops/api.ts';
import type { ApiOperation } from './web/api-route.ts';

export interface ApiServices {
  db: Database;
  config: Pick<Config, 'baseUrl' | 'sessionSecret'>;
  mailer: Mailer;
  versions: FrameworkVersions;
  responseImports: ResponseImports;
  analysis: AnalysisService;
}

/** Every operation of the API, each module's in turn, in the order the OpenAPI document shows. */
export function apiOperations(s: ApiServices): ApiOperation[] {
  return [
    ...frameworkApi(s),
    ...trustsApi(s),
    ...peopleApi(),
    ...roundsApi({ db: s.db, release: s.analysis.release }),
    ...questionnairesApi(s),
    ...workshopsApi(),
    ...responsesApi(s),
    ...analysisApi(s),
  ];
}
