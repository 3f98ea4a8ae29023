import { Body, Controller, HttpCode, Inject, Post } from '@nestjs/common';
import { loginSchema, type LoginResponse } from '@gridlens/contracts';
import { AuthService } from '../services/auth.service';
import { parseOr400 } from './parse';

@Controller('api/v1/auth')
export class AuthController {
  constructor(@Inject(AuthService) private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(200)
  login(@Body() body: unknown): Promise<LoginResponse> {
    const { username, password } = parseOr400(loginSchema, body);
    return this.auth.login(username, password);
  }
}
