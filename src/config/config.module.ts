import { Global, Module } from '@nestjs/common';
import { ConfigModule as NestConfigModule, ConfigService } from '@nestjs/config';
import { AppConfig } from './app-config';
import { ENVIRONMENT_VARIABLES, validateEnvironment } from './environment';

/** Validates the environment once at boot and provides the typed AppConfig to the whole app. */
@Global()
@Module({
  imports: [NestConfigModule.forRoot({ ignoreEnvFile: true })],
  providers: [
    {
      provide: AppConfig,
      inject: [ConfigService],
      useFactory: (config: ConfigService) =>
        new AppConfig(
          validateEnvironment(
            Object.fromEntries(ENVIRONMENT_VARIABLES.map((name) => [name, config.get(name)])),
          ),
        ),
    },
  ],
  exports: [AppConfig],
})
export class ConfigModule {}
