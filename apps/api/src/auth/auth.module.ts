import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { AuthTokens } from './auth-tokens.service.js';
import { AuthResolver } from './auth.resolver.js';
import { AuthService } from './auth.service.js';

@Module({
  imports: [JwtModule.register({})],
  providers: [AuthTokens, AuthService, AuthResolver],
  exports: [AuthService],
})
export class AuthModule {}
