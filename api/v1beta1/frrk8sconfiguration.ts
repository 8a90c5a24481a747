// FRRK8sConfiguration: daemon-wide settings. Only the object named `config` in the daemon namespace is read.
import { Type, type Static } from '@sinclair/typebox';
import { StringEnum, objectSchema } from './common.ts';

export const LOG_LEVELS = ['all', 'debug', 'info', 'warn', 'error', 'none'] as const;

export const FRRK8sConfigurationSpec = Type.Object(
  {
    logLevel: Type.Optional(
      StringEnum(LOG_LEVELS, 'Log level of the daemon and of FRR (all means debug). Overrides --log-level.'),
    ),
  },
  { description: 'Settings of the frrk8s daemons.' },
);

export const FRRK8sConfiguration = objectSchema(
  FRRK8sConfigurationSpec,
  Type.Object({}, { description: 'Unused.' }),
  'FRRK8sConfiguration holds daemon-wide settings; only the object named "config" is read.',
);

export type FRRK8sConfiguration = Static<typeof FRRK8sConfiguration>;
export type LogLevel = (typeof LOG_LEVELS)[number];
