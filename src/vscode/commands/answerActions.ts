import { Commands } from '../../shared/ids';
import type { CommandModule } from './types';

/**
 * The actions of an AI answer, in its view's title bar and in the command palette: each acts on
 * the answer view it is invoked from (the editor passes its URI), else on the last answer.
 * The module doing the work is loaded on first use, like the rest of the AI flow.
 */
const actions = () => import('../ai/answerActions');

export const copyAnswer: CommandModule = { id: Commands.copyAnswer, run: async (container, uri) => (await actions()).copyAnswer(container, uri) };
export const insertAnswer: CommandModule = { id: Commands.insertAnswer, run: async (container, uri) => (await actions()).insertAnswer(container, uri) };
export const applyAnswer: CommandModule = { id: Commands.applyAnswer, run: async (container, uri) => (await actions()).applyAnswer(container, uri) };
export const rerunAnswer: CommandModule = { id: Commands.rerunAnswer, run: async (container, uri) => (await actions()).rerunAnswer(container, uri) };
export const rateAnswer: CommandModule = { id: Commands.rateAnswer, run: async (container, uri) => (await actions()).rateAnswer(container, uri) };
export const acceptProposal: CommandModule = { id: Commands.acceptProposal, run: async (container, uri) => (await actions()).acceptProposal(container, uri) };
export const discardProposal: CommandModule = { id: Commands.discardProposal, run: async (container, uri) => (await actions()).discardProposal(container, uri) };
