import type { Config } from '../../config.ts';
import type { Database } from '../../db/client.ts';
import type { Mailer } from '../../mail.ts';
import { analysisApi } from '../analysis/api.ts';
import type { AnalysisService } from '../analysis/service.ts';
import { frameworkApi } from '../framework/api.ts';
import type { FrameworkVersions } from '../framework/versions.ts';
import { questionnairesApi } from '../questionnaires/api.ts';
import type { ResponseImports } from '../responses/imports.ts';
import { responsesApi } from '../responses/api.ts';
import { roundsApi } from '../rounds/api.ts';
import { trustsApi } from '../trusts/api.ts';
import { peopleApi } from '../people/api.ts';
import { workshopsApi } from '../workshops/api.ts';
import type { ApiOperation } from './registry.ts';

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
    ...roundsApi(s),
    ...questionnairesApi(s),
    ...workshopsApi(),
    ...responsesApi(s),
    ...analysisApi(s),
  ];
}
